/*
 * Cổng thực hành — the frame of the online form's four steps (js/man-hinh/nop-buoc-N.js):
 * the checks before a step opens, the step indicator, the back/next buttons.
 */
(function (C) {
  "use strict";
  if (!C) return; // du-lieu.js is missing: js/00-nen.js said so on the page

  var main = C.main, h = C.h, visuallyHidden = C.visuallyHidden, procedure = C.procedure, ERR = C.ERR,
    takeForced = C.takeForced, render = C.render, viewNotFound = C.viewNotFound, account = C.account,
    idleExpired = C.idleExpired, expire = C.expire, alertZone = C.alertZone, showError = C.showError,
    button = C.button, STEPS = C.STEPS, draftFor = C.draftFor;

  function stepIndicator(current, done) {
    return h("ol", { class: "steps", "aria-label": "Các bước nộp hồ sơ" }, STEPS.map(function (label, i) {
      var n = i + 1;
      var state = n === current ? "current" : n <= done ? "done" : "todo";
      return h("li", { class: "steps__item steps__item--" + state, "aria-current": n === current ? "step" : null },
        h("span", { class: "steps__num", "aria-hidden": "true", text: state === "done" ? "✓" : String(n) }),
        h("span", { class: "steps__label" }, visuallyHidden("Bước " + n + ": "), label,
          state === "done" ? visuallyHidden(" (đã xong)") : null));
    }));
  }

  // The frame of a step of the online form: signed in with a level-2 account, previous steps
  // done; drawStep(p, acc, draft, body, here) fills the step's card.
  function formPage(slug, step, drawStep) {
    var p = procedure(slug);
    if (!p || !p.nop_truc_tuyen) return viewNotFound();
    var here = "/nop/" + slug + "/" + step;
    var acc = account();
    if (!acc) return { redirect: "/dang-nhap?tiep=" + encodeURIComponent(here) };
    if (idleExpired()) return { redirect: expire(here) };
    C.scenarioSawForm(p);
    var crumbs = [["Thủ tục hành chính", "/tim-kiem"], [p.ten, "/thu-tuc/" + p.slug], ["Nộp trực tuyến", null]];

    main.appendChild(h("div", { class: "page-head" },
      h("p", { class: "page-head__kicker" }, "Nộp hồ sơ trực tuyến · ", h("span", { class: "code", text: p.ma })),
      h("h1", { class: "page-title", text: p.ten })));

    // A level-2 electronic identity is needed to file online.
    var gate = alertZone();
    main.appendChild(gate);
    var forcedLevel = takeForced(ERR.NOT_LEVEL_2);
    if (acc.muc < 2 || forcedLevel) {
      showError(gate, ERR.NOT_LEVEL_2);
      main.appendChild(h("div", { class: "actions" },
        forcedLevel && acc.muc >= 2 ? button("Thử lại", { onclick: render }) : null,
        h("a", { class: "btn btn--secondary", href: "#/thu-tuc/" + p.slug, text: "Quay lại thủ tục" })));
      return { title: "Nộp trực tuyến: " + p.ten, crumbs: crumbs };
    }

    var draft = draftFor(p, acc);
    if (step > draft.xong + 1) return { redirect: "/nop/" + slug + "/" + (draft.xong + 1) };
    main.appendChild(stepIndicator(step, draft.xong));
    var body = h("div", { class: "card form-card" });
    main.appendChild(body);
    drawStep(p, acc, draft, body, here);
    return { title: "Bước " + step + ": " + STEPS[step - 1] + " — " + p.ten, crumbs: crumbs };
  }

  function navButtons(backTo, nextLabel, onNext) {
    return h("div", { class: "actions actions--split" },
      h("a", { class: "btn btn--secondary", href: "#" + backTo, text: "Quay lại" }),
      button(nextLabel, { type: "submit", onclick: onNext || null }));
  }

  Object.assign(C, { formPage, navButtons });
})(window.CONG_THUC_HANH);
