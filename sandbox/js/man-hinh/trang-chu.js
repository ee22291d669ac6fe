/*
 * Màn hình trang chủ (#/): search box, popular procedures, procedures by domain,
 * sample account.
 */
(function (C) {
  "use strict";
  if (!C) return; // du-lieu.js is missing: js/00-nen.js said so on the page

  var D = C.D, main = C.main, h = C.h, allProcedures = C.allProcedures, card = C.card, dl = C.dl,
    levelBadge = C.levelBadge, searchForm = C.searchForm;

  function viewHome() {
    var PROCEDURES = allProcedures();
    var popular = PROCEDURES.filter(function (p) { return p.noi_bat; });
    if (!popular.length) popular = PROCEDURES.slice(0, 4);
    main.appendChild(h("section", { class: "hero" },
      h("div", { class: "hero__text" },
        h("p", { class: "hero__kicker", text: "Cổng thực hành" }),
        h("h1", { class: "hero__title", text: "Dịch vụ công trực tuyến" }),
        h("p", { class: "hero__lead", text: "Tìm thủ tục, nộp hồ sơ, thanh toán và tra cứu kết quả — luyện tập như trên cổng thật, không ảnh hưởng dữ liệu thật." })),
      searchForm("", true)));

    var popularList = h("ul", { class: "tiles" }, popular.map(function (p) {
      return h("li", { class: "tile" },
        h("p", { class: "tile__meta" }, h("span", { class: "code", text: p.ma }), " · ", p.linh_vuc),
        h("h3", { class: "tile__title" }, h("a", { href: "#/thu-tuc/" + p.slug, text: p.ten })),
        levelBadge(p));
    }));
    var domains = h("ul", { class: "domain-list" }, D.linh_vuc.map(function (d) {
      var count = PROCEDURES.filter(function (p) { return p.linh_vuc_id === d.id; }).length;
      return h("li", null, h("a", { href: "#/tim-kiem?linh-vuc=" + d.id }, h("span", { text: d.ten }),
        h("span", { class: "domain-list__count", text: count + " thủ tục" })));
    }));
    var acc = D.tai_khoan[0];
    main.appendChild(h("div", { class: "layout" },
      h("div", { class: "layout__main" },
        card("Dịch vụ công nổi bật", popularList),
        card("Thủ tục theo lĩnh vực", domains)),
      h("aside", { class: "layout__side", "aria-label": "Dành cho học viên" },
        card("Dành cho học viên", [
          h("p", { text: "Đăng nhập bằng tài khoản thực hành (mô phỏng VNeID):" }),
          dl([["Số định danh cá nhân", acc.so_dinh_danh], ["Số điện thoại", acc.dien_thoai], ["Mật khẩu", acc.mat_khau]]),
          h("p", null, h("a", { href: "#/huong-dan", text: "Xem toàn bộ hướng dẫn và tình huống lỗi" })),
        ], { cls: "card--note" }),
        card("Hỗ trợ", [h("p", { text: "Trong giờ học, hỏi giảng viên hoặc xem tài liệu đào tạo. Cổng thực hành không có tổng đài." })]))));
    return { title: "Trang chủ" };
  }

  C.screen("trang-chu", viewHome);
})(window.CONG_THUC_HANH);
