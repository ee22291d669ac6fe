/*
 * Cổng thực hành — the session: signed-in account, idle timeout, and what the sign-in
 * screens share (where to go after signing in, a new OTP).
 */
(function (C) {
  "use strict";
  if (!C) return; // du-lieu.js is missing: js/00-nen.js said so on the page

  var D = C.D, SESSION = C.SESSION, load = C.load, save = C.save, drop = C.drop, h = C.h, icon = C.icon,
    visuallyHidden = C.visuallyHidden, pad = C.pad, ERR = C.ERR, go = C.go, announce = C.announce,
    currentPath = C.currentPath, fixedMode = C.fixedMode;

  function account() { return load(SESSION, "tai-khoan", null); }
  function touch() { if (account()) save(SESSION, "hoat-dong", Date.now()); }
  var lastTouch = 0;
  ["pointerdown", "keydown", "input"].forEach(function (type) {
    document.addEventListener(type, function () {
      if (Date.now() - lastTouch > 5000) { lastTouch = Date.now(); touch(); }
    }, true);
  });
  function idleExpired() {
    var last = load(SESSION, "hoat-dong", Date.now());
    return Date.now() - last > D.phien_phut * 60 * 1000;
  }
  // The session ended: sign out, keep the message for the sign-in page, return where to go.
  function expire(backTo) {
    signOut(true);
    save(SESSION, "thong-bao-dang-nhap", ERR.SESSION_EXPIRED);
    return "/dang-nhap?tiep=" + encodeURIComponent(backTo || "/");
  }
  function endSession(backTo) { go(expire(backTo)); }
  function signOut(quiet) {
    drop(SESSION, "tai-khoan");
    drop(SESSION, "ban-nhap");
    drop(SESSION, "hoat-dong");
    renderAccount();
    if (!quiet) { announce("Anh/chị đã đăng xuất."); go("/"); }
  }
  window.setInterval(function () {
    if (account() && idleExpired()) endSession(currentPath());
  }, 30000);

  function renderAccount() {
    var box = document.getElementById("tai-khoan");
    box.replaceChildren();
    var acc = account();
    var path = currentPath();
    if (acc) {
      box.appendChild(h("div", { class: "account__user" },
        icon("nguoi"),
        h("span", null, visuallyHidden("Đang đăng nhập: "), h("span", { class: "account__name", text: acc.ho_ten }))));
      box.appendChild(h("button", { type: "button", class: "btn btn--small btn--ghost", onclick: function () { signOut(false); }, text: "Đăng xuất" }));
    } else if (path.indexOf("/dang-nhap") !== 0 && path.indexOf("/vneid") !== 0) {
      box.appendChild(h("a", { class: "btn btn--small btn--gold", href: "#/dang-nhap?tiep=" + encodeURIComponent(path), text: "Đăng nhập" }));
    }
  }

  // Where to go after signing in: a path of this portal only (never `//host`, `/\\host`).
  function nextPath(query) {
    var next = query.get("tiep") || "/";
    return /^\/(?![/\\])/.test(next) ? next : "/";
  }
  function newOtp() {
    if (fixedMode()) return D.co_dinh.otp;
    return pad(Math.floor(Math.random() * 1000000), 6);
  }

  Object.assign(C, { account, idleExpired, expire, endSession, signOut, renderAccount, nextPath, newOtp });
})(window.CONG_THUC_HANH);
