/*
 * Cổng thực hành — the catalogue data of du-lieu.js, and what this tab has shown of it.
 *
 * Procedure records are only reached through procedure(slug) and allProcedures(), which note
 * what was shown (with the screens the router notes): the video recorder reads it with
 * C.shown() and keys each walkthrough video on those screens and records only.
 */
(function (C) {
  "use strict";
  if (!C) return; // du-lieu.js is missing: js/00-nen.js said so on the page

  var D = C.D, fold = C.fold, SESSION = C.SESSION, load = C.load, save = C.save;

  var PROCEDURES = D.thu_tuc;
  // Lookups keyed by text from the address (slugs, error and scenario ids) have no prototype,
  // so `#/thu-tuc/__proto__` or `?kich-ban=constructor` finds nothing, as it should.
  var BY_SLUG = Object.create(null);
  PROCEDURES.forEach(function (p) { BY_SLUG[p.slug] = p; p.ten_gap = fold(p.ten); });
  var ERRORS = Object.create(null);
  D.loi.forEach(function (e) { ERRORS[e.id] = e; });
  var SIMULATED = Object.assign(Object.create(null), D.mo_phong || {});
  // The common errors the portal simulates, by their id in errors.yaml, each id written once here.
  // Where each happens and which message it shows come with the data (SIMULATED_ERRORS in
  // generators/sandbox.py, `mo_phong` in du-lieu.js).
  var ERR = Object.freeze({
    CAPTCHA_CASE: "captcha-chu-thuong",
    VNEID_PHONE_CHANGED: "vneid-doi-dien-thoai",
    SIM_OWNER_MISMATCH: "thue-bao-khong-khop",
    OTP_NOT_RECEIVED: "otp-khong-nhan-duoc",
    NOT_LEVEL_2: "chua-dinh-danh-muc-2",
    WRONG_IDENTITY: "sai-thong-tin-dinh-danh",
    BIRTH_CERTIFICATE_NOT_FOUND: "giay-chung-sinh-khong-tim-thay",
    SESSION_EXPIRED: "phien-het-han",
    FILE_TOO_LARGE: "tep-qua-lon",
    FILE_WRONG_FORMAT: "tep-sai-dinh-dang",
    ATTACHMENT_NOT_SAVED: "tep-dinh-kem-chua-luu",
    PAYMENT_OVERDUE: "thanh-toan-qua-han",
    PAYMENT_ALREADY_CHARGED: "thanh-toan-da-tru-tien",
    ONE_STOP_NOT_SYNCED: "mot-cua-chua-dong-bo",
  });

  // The exact on-screen message(s) of a common error, from errors.yaml via du-lieu.js.
  function messagesOf(id, indexes) {
    var e = ERRORS[id];
    if (!e) return ["Đã xảy ra lỗi, vui lòng thử lại."];
    if (indexes === undefined) indexes = [SIMULATED[id] ? SIMULATED[id].thong_bao : 0];
    return indexes.map(function (i) { return e.thong_bao[Math.min(i, e.thong_bao.length - 1)]; });
  }

  // What this tab has shown: screens (js/man-hinh/<name>.js) and procedure records, or every
  // record (a list of procedures). Kept for the tab, so page loads in between are counted too.
  function shown() {
    return load(SESSION, "da-hien", null) || { man_hinh: [], thu_tuc: [], ca_danh_muc: false };
  }
  function noteShown(kind, value) {
    var record = shown();
    if (kind === "ca_danh_muc" ? record.ca_danh_muc : record[kind].indexOf(value) >= 0) return;
    if (kind === "ca_danh_muc") record.ca_danh_muc = true;
    else record[kind].push(value);
    save(SESSION, "da-hien", record);
  }
  // The record of a procedure by its slug (from the address: a missing one is undefined).
  function procedure(slug) {
    var p = BY_SLUG[slug];
    if (p) noteShown("thu_tuc", p.slug);
    return p;
  }
  // Every procedure record, in the catalogue's order.
  function allProcedures() {
    noteShown("ca_danh_muc", true);
    return PROCEDURES;
  }

  Object.assign(C, { ERRORS, SIMULATED, ERR, messagesOf, shown, noteShown, procedure, allProcedures });
})(window.CONG_THUC_HANH);
