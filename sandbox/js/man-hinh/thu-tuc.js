/*
 * Màn hình thủ tục (#/thu-tuc/<slug>): information, documents by case, "Nộp trực tuyến".
 */
(function (C) {
  "use strict";
  if (!C) return; // du-lieu.js is missing: js/00-nen.js said so on the page

  var main = C.main, h = C.h, procedure = C.procedure, go = C.go, viewNotFound = C.viewNotFound,
    alertZone = C.alertZone, button = C.button, card = C.card, dl = C.dl, levelBadge = C.levelBadge,
    copiesText = C.copiesText;

  function viewProcedure(query, slug) {
    var p = procedure(slug);
    if (!p) return viewNotFound();
    var online = p.truc_tuyen;
    main.appendChild(h("div", { class: "page-head" },
      h("p", { class: "page-head__kicker" }, h("span", { class: "code", text: p.ma }), " · ", p.linh_vuc),
      h("h1", { class: "page-title", text: p.ten }),
      h("p", null, levelBadge(p))));
    var actionZone = alertZone();
    var action = p.nop_truc_tuyen
      ? h("div", { class: "actions" }, button("Nộp trực tuyến", { onclick: function () { go("/nop/" + p.slug + "/1"); } }))
      : h("p", { class: "note", text: "Thủ tục này chỉ cung cấp thông tin, chưa nộp trực tuyến được. Mời nộp trực tiếp tại Bộ phận Một cửa." });

    var docs = p.truong_hop.map(function (c) {
      return h("div", { class: "doc-case" },
        h("h3", { class: "doc-case__title", text: c.ten }),
        h("ol", { class: "doc-list" }, c.giay_to.map(function (g) {
          return h("li", null, h("span", { class: "doc-list__name", text: g.ten }),
            h("span", { class: "doc-list__meta", text: copiesText(g) + (g.mau ? " · Mẫu: " + g.mau : "") + (g.bat_buoc ? "" : " · Không bắt buộc khi nộp trực tuyến") }),
            g.ghi_chu ? h("span", { class: "doc-list__note", text: g.ghi_chu }) : null);
        })));
    });
    main.appendChild(h("div", { class: "layout" },
      h("div", { class: "layout__main" },
        card("Thông tin thủ tục", dl([
          ["Mã thủ tục", p.ma],
          ["Lĩnh vực", p.linh_vuc],
          ["Cấp thực hiện", p.cap],
          ["Mức độ dịch vụ công", p.muc_do_ten],
          ["Cơ quan thực hiện", p.co_quan],
          ["Đối tượng thực hiện", p.doi_tuong.join("; ")],
          ["Thời hạn giải quyết (trực tuyến)", online ? online.thoi_han : "Không nộp trực tuyến"],
          ["Phí, lệ phí (trực tuyến)", online ? online.phi : ""],
          ["Kết quả thực hiện", p.ket_qua.join("; ")],
        ])),
        card("Thành phần hồ sơ", docs)),
      h("aside", { class: "layout__side layout__side--first", "aria-label": "Nộp hồ sơ" },
        card("Nộp hồ sơ", [
          h("p", { text: online && online.mo_ta ? online.mo_ta : "Đăng nhập bằng tài khoản định danh điện tử để nộp hồ sơ trực tuyến." }),
          actionZone, action,
        ], { cls: "card--action" }))));
    return { title: p.ten, crumbs: [["Thủ tục hành chính", "/tim-kiem"], [p.ten, null]] };
  }

  C.screen("thu-tuc", viewProcedure);
})(window.CONG_THUC_HANH);
