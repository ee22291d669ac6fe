/*
 * Màn hình VNeID mô phỏng (#/vneid?tiep=<route>): citizen number, phone, password, captcha.
 */
(function (C) {
  "use strict";
  if (!C) return; // du-lieu.js is missing: js/00-nen.js said so on the page

  var D = C.D, main = C.main, SESSION = C.SESSION, save = C.save, h = C.h, svg = C.svg, icon = C.icon,
    ERR = C.ERR, takeForced = C.takeForced, fixedMode = C.fixedMode, go = C.go, account = C.account,
    nextPath = C.nextPath, newOtp = C.newOtp, alertZone = C.alertZone, showError = C.showError,
    showMessage = C.showMessage, clearZone = C.clearZone, field = C.field, showSummary = C.showSummary,
    button = C.button;

  var CAPTCHA_CHARS = "abcdefghjkmnpqrstuvwxyz23456789";
  function newCaptcha() {
    if (fixedMode()) return D.co_dinh.ma_xac_thuc;
    var text = "";
    while (!/[a-z].*[a-z]/.test(text)) {
      text = "";
      for (var i = 0; i < 5; i++) text += CAPTCHA_CHARS[Math.floor(Math.random() * CAPTCHA_CHARS.length)];
    }
    return text;
  }
  function captchaImage(text) {
    var width = 30 + text.length * 22;
    var picture = svg("svg", { viewBox: "0 0 " + width + " 48", width: width, height: "48", "aria-hidden": "true", focusable: "false" });
    picture.appendChild(svg("rect", { width: width, height: "48", rx: "4", fill: "#eef2f7" }));
    for (var l = 0; l < 4; l++) {
      picture.appendChild(svg("path", {
        d: "M0 " + (8 + Math.random() * 32) + " Q" + width / 2 + " " + Math.random() * 48 + " " + width + " " + (8 + Math.random() * 32),
        stroke: ["#9fb3c8", "#c9a3a3", "#a3c9ad", "#b9a3c9"][l], "stroke-width": "1.5", fill: "none",
      }));
    }
    var colours = ["#1b3a6b", "#7a1f1f", "#1f5e3a", "#4a2a7a", "#5a4a10"];
    text.split("").forEach(function (ch, i) {
      var t = svg("text", {
        x: String(16 + i * 22), y: String(32 + (Math.random() * 8 - 4)),
        transform: "rotate(" + Math.round(Math.random() * 30 - 15) + " " + (16 + i * 22) + " 28)",
        fill: colours[i % colours.length], "font-size": "26", "font-family": "Noto Sans, sans-serif", "font-weight": "700",
      });
      t.textContent = ch;
      picture.appendChild(t);
    });
    return h("span", { class: "captcha__image", role: "img", "aria-label": "Chuỗi ký tự kiểm tra: " + text.split("").join(" ") }, picture);
  }

  function viewVneid(query) {
    var next = nextPath(query);
    if (account()) return { redirect: next };
    var zone = alertZone();
    var idField = field({ id: "vneid-so-dinh-danh", label: "Số định danh cá nhân", required: true, inputmode: "numeric", autocomplete: "username", maxlength: 12, hint: "12 chữ số trên thẻ căn cước" });
    var phoneField = field({ id: "vneid-dien-thoai", label: "Số điện thoại", type: "tel", required: true, autocomplete: "tel", maxlength: 10, hint: "Số điện thoại đã đăng ký với tài khoản định danh điện tử" });
    var showButton = h("button", { type: "button", class: "btn btn--ghost btn--small", "aria-pressed": "false", "aria-controls": "vneid-mat-khau", text: "Hiện mật khẩu" });
    var passwordField = field({ id: "vneid-mat-khau", label: "Mật khẩu", type: "password", required: true, autocomplete: "current-password", after: showButton });
    showButton.addEventListener("click", function () {
      var shown = passwordField.input.type === "text";
      passwordField.input.type = shown ? "password" : "text";
      showButton.setAttribute("aria-pressed", shown ? "false" : "true");
    });
    var captcha = newCaptcha();
    var captchaBox = h("div", { class: "captcha__box" });
    function refreshCaptcha() {
      captcha = newCaptcha();
      captchaBox.replaceChildren(captchaImage(captcha));
    }
    refreshCaptcha();
    var captchaField = field({ id: "vneid-ma-xac-thuc", label: "Mã xác thực", required: true, autocomplete: "off", spellcheck: "false", autocapitalize: "off", maxlength: 8, hint: "Nhập các ký tự trong ảnh" });
    var summary = h("div", { class: "summary-zone" });

    function submit(ev) {
      ev.preventDefault();
      clearZone(zone);
      var problems = [];
      function check(f, message) {
        f.setError(message);
        if (message) problems.push({ input: f.input, message: message });
      }
      var id = idField.input.value.trim(), phone = phoneField.input.value.trim().replace(/\s+/g, "");
      check(idField, !id ? "Vui lòng nhập số định danh cá nhân" : /^\d{12}$/.test(id) ? null : "Số định danh cá nhân phải gồm 12 chữ số");
      check(phoneField, !phone ? "Vui lòng nhập số điện thoại" : /^0\d{9}$/.test(phone) ? null : "Số điện thoại phải gồm 10 chữ số, bắt đầu bằng số 0");
      check(passwordField, passwordField.input.value ? null : "Vui lòng nhập mật khẩu");
      check(captchaField, captchaField.input.value ? null : "Vui lòng nhập mã xác thực");
      showSummary(summary, problems);
      if (problems.length) return;

      // The captcha is case-sensitive: typed in upper case, it is wrong.
      var forcedCaptcha = takeForced(ERR.CAPTCHA_CASE);
      if (captchaField.input.value !== captcha || forcedCaptcha) {
        captchaField.input.setAttribute("aria-invalid", "true");
        captchaField.input.value = "";
        refreshCaptcha();
        showError(zone, ERR.CAPTCHA_CASE);
        return;
      }
      captchaField.input.removeAttribute("aria-invalid");
      var acc = D.tai_khoan.filter(function (a) { return a.so_dinh_danh === id; })[0];
      if (!acc || acc.mat_khau !== passwordField.input.value) {
        refreshCaptcha();
        captchaField.input.value = "";
        showMessage(zone, "error", "Số định danh cá nhân hoặc mật khẩu không đúng");
        return;
      }
      var forcedSim = takeForced(ERR.SIM_OWNER_MISMATCH);
      if (phone !== acc.dien_thoai || forcedSim) {
        refreshCaptcha();
        captchaField.input.value = "";
        showError(zone, ERR.SIM_OWNER_MISMATCH);
        return;
      }
      if (takeForced(ERR.VNEID_PHONE_CHANGED)) {
        refreshCaptcha();
        captchaField.input.value = "";
        showError(zone, ERR.VNEID_PHONE_CHANGED, [0, 1]);
        return;
      }
      save(SESSION, "cho-otp", { so_dinh_danh: acc.so_dinh_danh, ma: newOtp(), het_han: Date.now() + 5 * 60 * 1000, gui_lai: 0, tiep: next });
      go("/vneid/otp");
    }

    var acc0 = D.tai_khoan[0];
    main.appendChild(h("div", { class: "vneid" },
      h("div", { class: "vneid__head" },
        h("span", { class: "vneid__shield", "aria-hidden": "true" }, icon("khoa")),
        h("div", null,
          h("p", { class: "vneid__brand", text: "VNeID" }),
          h("p", { class: "vneid__sub", text: "Hệ thống định danh và xác thực điện tử — mô phỏng" }))),
      h("div", { class: "vneid__body" },
        h("h1", { class: "page-title page-title--small", text: "Đăng nhập tài khoản định danh điện tử" }),
        summary,
        zone,
        h("form", { novalidate: true, onsubmit: submit, class: "form" },
          idField.wrap, phoneField.wrap, passwordField.wrap,
          h("div", { class: "captcha" }, captchaBox,
            h("button", { type: "button", class: "btn btn--ghost btn--small", onclick: refreshCaptcha }, icon("lam_moi"), "Lấy mã mới")),
          captchaField.wrap,
          h("div", { class: "actions" }, button("Đăng nhập", { type: "submit" }))),
        h("div", { class: "practice-note" },
          h("p", null, h("strong", { text: "Tài khoản thực hành: " }),
            "số định danh " + acc0.so_dinh_danh + ", số điện thoại " + acc0.dien_thoai + ", mật khẩu " + acc0.mat_khau + "."),
          button("Điền sẵn tài khoản thực hành", {
            cls: "btn--ghost btn--small",
            onclick: function () {
              idField.input.value = acc0.so_dinh_danh;
              phoneField.input.value = acc0.dien_thoai;
              passwordField.input.value = acc0.mat_khau;
              captchaField.input.focus();
            },
          })))));
    return { title: "Đăng nhập VNeID", crumbs: [["Đăng nhập", "/dang-nhap"], ["VNeID", null]] };
  }

  C.screen("vneid", viewVneid);
})(window.CONG_THUC_HANH);
