/*
 * Màn hình nộp trực tuyến, step 1: applicant, case, commune, how to receive the result (#/nop/<slug>/1).
 */
(function (C) {
  "use strict";
  if (!C) return; // du-lieu.js is missing: js/00-nen.js said so on the page

  var D = C.D, h = C.h, ERR = C.ERR, takeForced = C.takeForced, go = C.go, endSession = C.endSession,
    idleExpired = C.idleExpired, alertZone = C.alertZone, showError = C.showError, clearZone = C.clearZone,
    field = C.field, showSummary = C.showSummary, LABEL = C.LABEL, saveDraft = C.saveDraft,
    mentionsBirthCertificate = C.mentionsBirthCertificate, formPage = C.formPage, navButtons = C.navButtons;

  // Step 1: applicant, case, receiving place.
  function stepInfo(p, acc, draft, body, here) {
    var info = draft.thong_tin;
    var zone = alertZone();
    var summary = h("div", { class: "summary-zone" });
    var fields = D.truong_nguoi_nop.map(function (f) {
      return {
        def: f,
        ui: field({
          id: "nguoi-nop-" + f.id, label: f.nhan, type: f.kieu, value: info[f.id], required: f.bat_buoc,
          readonly: f.chi_doc, autocomplete: f.tu_dong || null, hint: f.chi_doc ? "Lấy từ Cơ sở dữ liệu quốc gia về dân cư" : f.goi_y || null,
        }),
      };
    });
    var applicantAs = field({
      id: "doi-tuong", label: LABEL.doi_tuong, type: "select", required: true, value: info.doi_tuong,
      options: p.doi_tuong.map(function (d) { return { value: d, label: d }; }),
    });
    var place = field({
      id: "noi-nop", label: LABEL.noi_nop, type: "select", required: true, value: info.noi_nop,
      hint: "Cơ quan tiếp nhận: " + p.co_quan + " của xã, phường được chọn",
      options: [{ value: "", label: "— Chọn xã, phường —" }].concat(D.xa_phuong.map(function (x) { return { value: x, label: x }; })),
    });
    var caseGroup = h("fieldset", { class: "choice-group" },
      h("legend", { class: "field__label", text: LABEL.truong_hop }),
      p.truong_hop.map(function (c, i) {
        var id = "truong-hop-" + i;
        return h("div", { class: "choice" },
          h("input", { type: "radio", id: id, name: "truong-hop", value: String(i), checked: i === draft.truong_hop }),
          h("label", { for: id, text: c.ten }));
      }));
    var resultGroup = h("fieldset", { class: "choice-group" },
      h("legend", { class: "field__label", text: LABEL.nhan_ket_qua }),
      D.nhan_ket_qua.map(function (r, i) {
        var id = "nhan-ket-qua-" + i;
        return h("div", { class: "choice" },
          h("input", { type: "radio", id: id, name: "nhan-ket-qua", value: r, checked: r === info.nhan_ket_qua }),
          h("label", { for: id, text: r }));
      }));

    function collect() {
      fields.forEach(function (f) { info[f.def.id] = f.ui.input.value.trim(); });
      info.doi_tuong = applicantAs.input.value;
      info.noi_nop = place.input.value;
      var chosen = body.querySelector("input[name=truong-hop]:checked");
      var newCase = chosen ? Number(chosen.value) : 0;
      if (newCase !== draft.truong_hop) { draft.tep = {}; }
      draft.truong_hop = newCase;
      var result = body.querySelector("input[name=nhan-ket-qua]:checked");
      info.nhan_ket_qua = result ? result.value : D.nhan_ket_qua[0];
      saveDraft(draft);
    }

    function submit(ev) {
      ev.preventDefault();
      clearZone(zone);
      collect();
      if (idleExpired()) { endSession(here); return; }
      var problems = [];
      fields.forEach(function (f) {
        var value = info[f.def.id];
        var message = null;
        if (!value && f.def.bat_buoc) message = f.def.loi_trong || "Vui lòng nhập " + f.def.nhan.toLowerCase();
        else if (value && f.def.mau && !new RegExp(f.def.mau).test(value)) message = f.def.loi_mau;
        f.ui.setError(message);
        if (message) problems.push({ input: f.ui.input, message: message });
      });
      var placeMessage = info.noi_nop ? null : "Vui lòng chọn xã, phường nơi nộp hồ sơ";
      place.setError(placeMessage);
      if (placeMessage) problems.push({ input: place.input, message: placeMessage });
      showSummary(summary, problems);
      if (problems.length) return;

      if (takeForced(ERR.SESSION_EXPIRED)) { endSession(here); return; }
      if (takeForced(ERR.WRONG_IDENTITY)) { showError(zone, ERR.WRONG_IDENTITY); return; }
      if (mentionsBirthCertificate(p) && takeForced(ERR.BIRTH_CERTIFICATE_NOT_FOUND)) {
        showError(zone, ERR.BIRTH_CERTIFICATE_NOT_FOUND);
        return;
      }
      draft.xong = Math.max(draft.xong, 1);
      saveDraft(draft);
      go("/nop/" + p.slug + "/2");
    }

    body.appendChild(h("h2", { class: "card__title", text: "Bước 1. Thông tin hồ sơ" }));
    body.appendChild(h("p", { class: "note" }, "Các ô có dấu ", h("span", { class: "field__required", text: "*" }), " là bắt buộc."));
    body.appendChild(summary);
    body.appendChild(zone);
    body.appendChild(h("form", { novalidate: true, onsubmit: submit, class: "form", onchange: collect },
      h("fieldset", { class: "form-section" },
        h("legend", { class: "form-section__title", text: "Thông tin người nộp hồ sơ" }),
        h("div", { class: "grid" }, fields.map(function (f) { return f.ui.wrap; }), applicantAs.wrap)),
      h("fieldset", { class: "form-section" },
        h("legend", { class: "form-section__title", text: "Thông tin hồ sơ" }),
        caseGroup, place.wrap, resultGroup),
      navButtons("/thu-tuc/" + p.slug, "Tiếp tục")));
  }

  C.screen("nop-buoc-1", function (query, slug) { return formPage(slug, 1, stepInfo); });
})(window.CONG_THUC_HANH);
