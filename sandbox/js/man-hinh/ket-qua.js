/*
 * Màn hình nộp thành công (#/ket-qua/<code>): the dossier code.
 */
(function (C) {
  "use strict";
  if (!C) return; // du-lieu.js is missing: js/00-nen.js said so on the page

  var main = C.main, h = C.h, icon = C.icon, card = C.card, viewNotFound = C.viewNotFound,
    findDossier = C.findDossier, dossierFacts = C.dossierFacts;

  function viewResult(query, code) {
    var d = findDossier(code);
    if (!d) return viewNotFound();
    main.appendChild(h("div", { class: "success-panel" },
      icon("xong", "success-panel__icon"),
      h("h1", { class: "page-title", text: "Nộp hồ sơ thành công" }),
      h("p", { class: "dossier-code" }, "Mã hồ sơ: ", h("strong", { class: "dossier-code__value", id: "ma-ho-so", text: d.ma })),
      h("p", { text: "Ghi lại mã hồ sơ để tra cứu tình trạng giải quyết. Hồ sơ đang chờ cơ quan tiếp nhận kiểm tra." })));
    main.appendChild(card("Thông tin hồ sơ", [
      dossierFacts(d),
      h("div", { class: "actions" },
        h("a", { class: "btn btn--primary", href: "#/tra-cuu?ma=" + encodeURIComponent(d.ma), text: "Tra cứu hồ sơ này" })),
    ]));
    return { title: "Nộp hồ sơ thành công", crumbs: [["Nộp hồ sơ thành công", null]] };
  }

  C.screen("ket-qua", viewResult);
})(window.CONG_THUC_HANH);
