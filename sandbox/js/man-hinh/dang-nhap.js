/*
 * Màn hình đăng nhập của cổng (#/dang-nhap?tiep=<route>): choose VNeID.
 */
(function (C) {
  "use strict";
  if (!C) return; // du-lieu.js is missing: js/00-nen.js said so on the page

  var main = C.main, SESSION = C.SESSION, load = C.load, drop = C.drop, h = C.h, go = C.go,
    account = C.account, nextPath = C.nextPath, alertZone = C.alertZone, showError = C.showError,
    button = C.button, card = C.card;

  function viewLogin(query) {
    var next = nextPath(query);
    if (account()) return { redirect: next };
    var zone = alertZone();
    var notice = load(SESSION, "thong-bao-dang-nhap", null);
    if (notice) {
      drop(SESSION, "thong-bao-dang-nhap");
      window.setTimeout(function () { showError(zone, notice); }, 0);
    }
    main.appendChild(h("div", { class: "login" },
      h("h1", { class: "page-title", text: "Đăng nhập" }),
      zone,
      card("Chọn cách đăng nhập", [
        h("div", { class: "login-option" },
          h("img", { src: "logo.svg", alt: "", width: "56", height: "56", class: "login-option__logo" }),
          h("div", null,
            h("h3", { class: "login-option__title", text: "Tài khoản định danh điện tử" }),
            h("p", { text: "Dành cho công dân: tài khoản VNeID do Bộ Công an cấp (mức 2 để nộp hồ sơ)." }),
            button("Đăng nhập bằng VNeID", { onclick: function () { go("/vneid?tiep=" + encodeURIComponent(next)); } }))),
        h("p", { class: "note", text: "Bản thực hành chỉ mô phỏng đăng nhập của công dân; tài khoản tổ chức, doanh nghiệp không có ở đây." }),
      ])));
    return { title: "Đăng nhập", crumbs: [["Đăng nhập", null]] };
  }

  C.screen("dang-nhap", viewLogin);
})(window.CONG_THUC_HANH);
