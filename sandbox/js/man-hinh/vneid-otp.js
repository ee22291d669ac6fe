/*
 * Màn hình mã OTP (#/vneid/otp): the SMS is shown on screen.
 */
(function (C) {
  "use strict";
  if (!C) return; // du-lieu.js is missing: js/00-nen.js said so on the page

  var D = C.D, main = C.main, SESSION = C.SESSION, load = C.load, save = C.save, drop = C.drop, h = C.h,
    icon = C.icon, maskPhone = C.maskPhone, ERR = C.ERR, takeForced = C.takeForced, go = C.go,
    announce = C.announce, newOtp = C.newOtp, alertZone = C.alertZone, showError = C.showError,
    showMessage = C.showMessage, clearZone = C.clearZone, field = C.field, showSummary = C.showSummary,
    button = C.button;

  function viewOtp() {
    var pending = load(SESSION, "cho-otp", null);
    if (!pending) return { redirect: "/vneid" };
    var acc = D.tai_khoan.filter(function (a) { return a.so_dinh_danh === pending.so_dinh_danh; })[0];
    var zone = alertZone();
    var summary = h("div", { class: "summary-zone" });
    var otpField = field({ id: "vneid-otp", label: "Mã OTP", required: true, inputmode: "numeric", autocomplete: "one-time-code", maxlength: 6, hint: "6 chữ số, hiệu lực 5 phút" });
    var sms = h("div", { class: "sms", role: "note", "aria-label": "Tin nhắn mô phỏng" });
    function showSms() {
      sms.replaceChildren(
        h("p", { class: "sms__from", text: "Tin nhắn mô phỏng gửi đến " + acc.dien_thoai }),
        h("p", { class: "sms__text" }, "Mã OTP đăng nhập VNeID là ", h("strong", { class: "sms__code", text: pending.ma }), ". Không chia sẻ mã này cho bất kỳ ai."));
    }
    showSms();
    var resend = button("Gửi lại mã OTP", { cls: "btn--ghost", onclick: function () {
      clearZone(zone);
      pending.gui_lai += 1;
      if (pending.gui_lai > D.otp_gui_lai) {
        resend.disabled = true;
        save(SESSION, "cho-otp", pending);
        showError(zone, ERR.OTP_NOT_RECEIVED, [1]);
        return;
      }
      pending.ma = newOtp();
      pending.het_han = Date.now() + 5 * 60 * 1000;
      save(SESSION, "cho-otp", pending);
      showSms();
      showMessage(zone, "info", "Đã gửi lại mã OTP.");
    } });
    if (pending.gui_lai > D.otp_gui_lai) resend.disabled = true;

    function submit(ev) {
      ev.preventDefault();
      clearZone(zone);
      var value = otpField.input.value.trim();
      var message = !value ? "Vui lòng nhập mã OTP" : /^\d{6}$/.test(value) ? null : "Mã OTP gồm 6 chữ số";
      otpField.setError(message);
      showSummary(summary, message ? [{ input: otpField.input, message: message }] : []);
      if (message) return;
      var forced = takeForced(ERR.OTP_NOT_RECEIVED);
      if (value !== pending.ma || Date.now() > pending.het_han || forced) {
        otpField.input.setAttribute("aria-invalid", "true");
        showError(zone, ERR.OTP_NOT_RECEIVED);
        return;
      }
      drop(SESSION, "cho-otp");
      save(SESSION, "tai-khoan", { so_dinh_danh: acc.so_dinh_danh, ho_ten: acc.ho_ten, ngay_sinh: acc.ngay_sinh, dien_thoai: acc.dien_thoai, dia_chi: acc.dia_chi, muc: acc.muc });
      save(SESSION, "hoat-dong", Date.now());
      announce("Đăng nhập thành công.");
      go(pending.tiep || "/");
    }

    main.appendChild(h("div", { class: "vneid" },
      h("div", { class: "vneid__head" },
        h("span", { class: "vneid__shield", "aria-hidden": "true" }, icon("khoa")),
        h("div", null, h("p", { class: "vneid__brand", text: "VNeID" }), h("p", { class: "vneid__sub", text: "Xác thực mã OTP — mô phỏng" }))),
      h("div", { class: "vneid__body" },
        h("h1", { class: "page-title page-title--small", text: "Nhập mã OTP" }),
        h("p", { text: "Mã OTP đã được gửi đến số điện thoại " + maskPhone(acc.dien_thoai) + "." }),
        sms, summary, zone,
        h("form", { novalidate: true, onsubmit: submit, class: "form" }, otpField.wrap,
          h("div", { class: "actions" }, button("Xác nhận", { type: "submit" }), resend)))));
    return { title: "Nhập mã OTP", crumbs: [["Đăng nhập", "/dang-nhap"], ["Mã OTP", null]] };
  }

  C.screen("vneid-otp", viewOtp);
})(window.CONG_THUC_HANH);
