/*
 * Cổng thực hành — the router: hash routes to screens, the page frame drawn around each
 * screen (account, switches, scenario panel, breadcrumb, menu), announcements.
 */
(function (C) {
  "use strict";
  if (!C) return; // du-lieu.js is missing: js/00-nen.js said so on the page

  var main = C.main, h = C.h, noteShown = C.noteShown;

  function currentRoute() {
    var hash = window.location.hash;
    var raw = hash.indexOf("#/") === 0 ? hash.slice(1) : "/";
    var q = raw.indexOf("?");
    return { path: q < 0 ? raw : raw.slice(0, q), query: new URLSearchParams(q < 0 ? "" : raw.slice(q + 1)) };
  }
  function currentPath() {
    var r = currentRoute();
    var qs = r.query.toString();
    return r.path + (qs ? "?" + qs : "");
  }
  function go(path) {
    if ("#" + path === window.location.hash) render();
    else window.location.hash = "#" + path;
  }


  // Route -> screen. Screen <name> is drawn by js/man-hinh/<name>.js, which hands its view to
  // screen(name, view); generators/sandbox.py finds a screen's file by that name.
  var ROUTES = [
    [/^\/$/, "trang-chu"],
    [/^\/tim-kiem$/, "tim-kiem"],
    [/^\/thu-tuc\/([a-z0-9-]+)$/, "thu-tuc"],
    [/^\/nop\/([a-z0-9-]+)(?:\/1)?$/, "nop-buoc-1"],
    [/^\/nop\/([a-z0-9-]+)\/2$/, "nop-buoc-2"],
    [/^\/nop\/([a-z0-9-]+)\/3$/, "nop-buoc-3"],
    [/^\/nop\/([a-z0-9-]+)\/4$/, "nop-buoc-4"],
    [/^\/ket-qua\/([A-Za-z0-9-]+)$/, "ket-qua"],
    [/^\/dang-nhap$/, "dang-nhap"],
    [/^\/vneid$/, "vneid"],
    [/^\/vneid\/otp$/, "vneid-otp"],
    [/^\/tra-cuu$/, "tra-cuu"],
    [/^\/ho-so$/, "ho-so-cua-toi"],
    [/^\/huong-dan$/, "huong-dan"],
  ];
  var VIEWS = Object.create(null);
  // A screen's file hands over its view: view(query, ...parts of the route) draws into main and
  // returns { title, crumbs } or { redirect }.
  function screen(name, view) { VIEWS[name] = view; }

  var cleanups = [];
  var lastPath = null;
  var firstRender = true;
  var pendingNote = ""; // said with the next screen's title
  function onCleanup(fn) { cleanups.push(fn); }
  function sayWithNextScreen(text) { pendingNote = text; }

  function render() {
    cleanups.forEach(function (fn) { fn(); });
    cleanups = [];
    var route = currentRoute();
    if (route.path !== lastPath) C.resetForced(false);
    lastPath = route.path;
    main.replaceChildren();
    var match = null, name = null;
    for (var i = 0; i < ROUTES.length; i++) {
      match = ROUTES[i][0].exec(route.path);
      if (match) { name = ROUTES[i][1]; break; }
    }
    var view = name && VIEWS[name] ? VIEWS[name] : viewNotFound;
    // Noted before the view runs: a view that only redirects has shown its screen's code too.
    document.documentElement.setAttribute("data-man-hinh", name || "khong-tim-thay");
    if (name) noteShown("man_hinh", name);
    var page = view.apply(null, [route.query].concat(match ? match.slice(1) : [])) || {};
    if (page.redirect) { go(page.redirect); return; }
    C.renderAccount();
    C.renderSwitchBar();
    var scenarioNote = C.renderScenario();
    renderBreadcrumb(page.crumbs || []);
    highlightNav(route.path);
    document.title = (page.title ? page.title + " — " : "") + "Cổng Dịch vụ công (bản thực hành)";
    if (!firstRender) {
      window.scrollTo(0, 0);
      var heading = main.querySelector("h1");
      if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus({ preventScroll: true }); }
      announce([page.title || "", scenarioNote, pendingNote].filter(Boolean).join(". "));
    }
    pendingNote = "";
    firstRender = false;
  }

  function announce(text) {
    var region = document.getElementById("thong-bao-trang");
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  function highlightNav(path) {
    var section = "/" + path.split("/")[1];
    if (section === "/thu-tuc" || section === "/nop") section = "/tim-kiem";
    document.querySelectorAll("[data-nav]").forEach(function (a) {
      if (a.getAttribute("data-nav") === section) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
  }

  function renderBreadcrumb(crumbs) {
    var nav = document.getElementById("duong-dan");
    nav.replaceChildren();
    nav.hidden = crumbs.length === 0;
    if (!crumbs.length) return;
    var all = [["Cổng Dịch vụ công", "/"]].concat(crumbs);
    var list = h("ol", { class: "breadcrumb__list" });
    all.forEach(function (c, i) {
      var last = i === all.length - 1;
      list.appendChild(h("li", null, last || !c[1]
        ? h("span", { "aria-current": last ? "page" : null, text: c[0] })
        : h("a", { href: "#" + c[1], text: c[0] })));
    });
    nav.appendChild(h("div", { class: "container" }, list));
  }

  function viewNotFound() {
    main.appendChild(h("h1", { class: "page-title", text: "Không tìm thấy trang" }));
    main.appendChild(h("p", null, "Địa chỉ này không có trên cổng thực hành. ", h("a", { href: "#/", text: "Về trang chủ cổng thực hành" })));
    return { title: "Không tìm thấy trang" };
  }

  Object.assign(C, { currentRoute, currentPath, go, screen, render, onCleanup, sayWithNextScreen, announce, viewNotFound });
})(window.CONG_THUC_HANH);
