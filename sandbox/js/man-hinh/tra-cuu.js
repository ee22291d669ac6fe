/*
 * Màn hình tra cứu hồ sơ (#/tra-cuu?ma=<code>).
 */
(function (C) {
  "use strict";
  if (!C) return; // du-lieu.js is missing: js/00-nen.js said so on the page

  var main = C.main, h = C.h, visuallyHidden = C.visuallyHidden, ERR = C.ERR, takeForced = C.takeForced,
    announce = C.announce, alertZone = C.alertZone, showError = C.showError, clearZone = C.clearZone,
    field = C.field, button = C.button, card = C.card, findDossier = C.findDossier,
    dossierFacts = C.dossierFacts;

  function viewLookup(query) {
    var zone = alertZone();
    var result = h("div", { class: "lookup-result" });
    var codeField = field({ id: "ma-ho-so-tra-cuu", label: "Mã hồ sơ", required: true, autocomplete: "off", spellcheck: "false", hint: "Ví dụ: TH-250701-0001 (mã ghi trên giấy tiếp nhận hoặc màn hình nộp thành công)" });
    function lookup(ev) {
      if (ev) ev.preventDefault();
      clearZone(zone);
      result.replaceChildren();
      var code = codeField.input.value.trim().toUpperCase();
      codeField.setError(code ? null : "Vui lòng nhập mã hồ sơ");
      if (!code) { codeField.input.focus(); return; }
      var d = findDossier(code);
      var forced = takeForced(ERR.ONE_STOP_NOT_SYNCED);
      if (!d || forced) { showError(zone, ERR.ONE_STOP_NOT_SYNCED); return; }
      result.appendChild(card("Kết quả tra cứu", [
        dossierFacts(d),
        h("ol", { class: "timeline", "aria-label": "Tiến trình giải quyết" },
          h("li", { class: "timeline__item timeline__item--done" }, "Nộp hồ sơ", visuallyHidden(" (đã xong)")),
          h("li", { class: "timeline__item timeline__item--current", "aria-current": "step" }, "Chờ tiếp nhận"),
          h("li", { class: "timeline__item" }, "Đang giải quyết"),
          h("li", { class: "timeline__item" }, "Trả kết quả")),
        h("p", { class: "note", text: "Trong bản thực hành, hồ sơ không được chuyển đến cơ quan nào nên luôn ở trạng thái chờ tiếp nhận." }),
      ], { cls: "card--result" }));
      announce("Đã tìm thấy hồ sơ " + d.ma);
    }
    main.appendChild(h("h1", { class: "page-title", text: "Tra cứu hồ sơ" }));
    main.appendChild(card(null, [
      h("form", { novalidate: true, onsubmit: lookup, class: "form lookup-form" },
        codeField.wrap, h("div", { class: "actions" }, button("Tra cứu", { type: "submit", icon: "tim" }))),
      zone,
    ]));
    main.appendChild(result);
    var preset = query.get("ma");
    if (preset) { codeField.input.value = preset; window.setTimeout(lookup, 0); }
    return { title: "Tra cứu hồ sơ", crumbs: [["Tra cứu hồ sơ", null]] };
  }

  C.screen("tra-cuu", viewLookup);
})(window.CONG_THUC_HANH);
