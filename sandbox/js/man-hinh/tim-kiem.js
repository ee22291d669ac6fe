/*
 * Màn hình tìm thủ tục (#/tim-kiem?q=…&linh-vuc=…): name or code, with or without diacritics.
 */
(function (C) {
  "use strict";
  if (!C) return; // du-lieu.js is missing: js/00-nen.js said so on the page

  var D = C.D, main = C.main, fold = C.fold, h = C.h, allProcedures = C.allProcedures,
    levelBadge = C.levelBadge, searchForm = C.searchForm;

  var CODE = /^\d\.\d{6}(\.[a-z0-9]+)?$/;
  function search(query) {
    var PROCEDURES = allProcedures();
    var q = fold(query);
    if (!q) return PROCEDURES.slice();
    var tokens = q.split(" ");
    var found = [];
    PROCEDURES.forEach(function (p, order) {
      var hay = " " + p.tim + " ";
      var ok = tokens.every(function (t) {
        return CODE.test(t) ? hay.indexOf(" " + t + " ") >= 0 : hay.indexOf(" " + t) >= 0;
      });
      if (!ok) return;
      var score = p.ten_gap === q || fold(p.ma) === q ? 1000 : p.ten_gap.indexOf(q) === 0 ? 500 : hay.indexOf(" " + q) >= 0 ? 200 : 100;
      found.push({ p: p, score: score - p.ten_gap.length / 1000, order: order });
    });
    found.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return found.map(function (f) { return f.p; });
  }

  function viewSearch(query) {
    var q = query.get("q") || "";
    var domain = query.get("linh-vuc") || "";
    var results = search(q).filter(function (p) { return !domain || p.linh_vuc_id === domain; });
    var domainName = (D.linh_vuc.filter(function (d) { return d.id === domain; })[0] || {}).ten;
    main.appendChild(h("h1", { class: "page-title", text: "Thủ tục hành chính" }));
    main.appendChild(searchForm(q, false));
    var label = q ? "cho “" + q + "”" : domainName ? "trong lĩnh vực " + domainName : "";
    main.appendChild(h("p", { class: "result-count", role: "status" },
      results.length ? "Tìm thấy " + results.length + " thủ tục " + label : "Không tìm thấy thủ tục nào " + label + ". Thử gõ ít từ hơn hoặc nhập mã thủ tục."));
    main.appendChild(h("ol", { class: "results" }, results.map(function (p) {
      return h("li", { class: "result" },
        h("h2", { class: "result__title" }, h("a", { href: "#/thu-tuc/" + p.slug, text: p.ten })),
        h("p", { class: "result__meta" },
          h("span", null, "Mã thủ tục: ", h("span", { class: "code", text: p.ma })),
          h("span", { text: "Lĩnh vực: " + p.linh_vuc }),
          h("span", { text: p.cap })),
        h("p", { class: "result__badges" }, levelBadge(p),
          p.truc_tuyen ? h("span", { class: "result__fee", text: "Phí, lệ phí trực tuyến: " + p.truc_tuyen.phi }) : null));
    })));
    return { title: "Thủ tục hành chính", crumbs: [["Thủ tục hành chính", null]] };
  }

  C.screen("tim-kiem", viewSearch);
})(window.CONG_THUC_HANH);
