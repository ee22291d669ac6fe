/*
 * Màn hình hồ sơ của tôi (#/ho-so): the signed-in citizen's dossiers.
 */
(function (C) {
  "use strict";
  if (!C) return; // du-lieu.js is missing: js/00-nen.js said so on the page

  var main = C.main, LOCAL = C.LOCAL, load = C.load, dateTime = C.dateTime, h = C.h, account = C.account,
    card = C.card;

  function viewMyDossiers() {
    var acc = account();
    if (!acc) return { redirect: "/dang-nhap?tiep=" + encodeURIComponent("/ho-so") };
    var mine = load(LOCAL, "ho-so", []).filter(function (d) { return d.so_dinh_danh === acc.so_dinh_danh; });
    main.appendChild(h("h1", { class: "page-title", text: "Hồ sơ của tôi" }));
    if (!mine.length) {
      main.appendChild(card(null, [h("p", { text: "Anh/chị chưa nộp hồ sơ nào trên cổng thực hành." }),
        h("p", null, h("a", { href: "#/tim-kiem", text: "Tìm thủ tục để nộp hồ sơ" }))]));
    } else {
      main.appendChild(h("div", { class: "table-wrap" }, h("table", { class: "table" },
        h("caption", { class: "visually-hidden", text: "Danh sách hồ sơ đã nộp" }),
        h("thead", null, h("tr", null, ["Mã hồ sơ", "Thủ tục", "Ngày nộp", "Trạng thái"].map(function (t) { return h("th", { scope: "col", text: t }); }))),
        h("tbody", null, mine.map(function (d) {
          return h("tr", null,
            h("td", { "data-nhan": "Mã hồ sơ" }, h("a", { href: "#/tra-cuu?ma=" + encodeURIComponent(d.ma), text: d.ma })),
            h("td", { "data-nhan": "Thủ tục", text: d.thu_tuc }),
            h("td", { "data-nhan": "Ngày nộp", text: dateTime(d.ngay_nop) }),
            h("td", { "data-nhan": "Trạng thái" }, h("span", { class: "badge badge--status", text: d.trang_thai })));
        })))));
    }
    return { title: "Hồ sơ của tôi", crumbs: [["Hồ sơ của tôi", null]] };
  }

  C.screen("ho-so-cua-toi", viewMyDossiers);
})(window.CONG_THUC_HANH);
