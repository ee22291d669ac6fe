/*
 * Màn hình hướng dẫn thực hành (#/huong-dan): sample data, every practice scenario and every
 * error scenario, each with a link that starts / switches it on.
 */
(function (C) {
  "use strict";
  if (!C) return; // du-lieu.js is missing: js/00-nen.js said so on the page

  var D = C.D, main = C.main, h = C.h, allProcedures = C.allProcedures, ERRORS = C.ERRORS,
    SIMULATED = C.SIMULATED, ERR = C.ERR, messagesOf = C.messagesOf, card = C.card, amountOf = C.amountOf,
    mentionsBirthCertificate = C.mentionsBirthCertificate;

  var POINTS = {
    "dang-nhap": ["Đăng nhập VNeID, khi bấm “Đăng nhập”", "/dang-nhap"],
    "otp": ["Nhập mã OTP, khi bấm “Xác nhận”", "/dang-nhap"],
    "bat-dau-nop": ["Khi mở biểu mẫu nộp trực tuyến", null],
    "thong-tin": ["Bước 1 (Thông tin hồ sơ), khi bấm “Tiếp tục”", null],
    "chon-tep": ["Bước 2 (Đính kèm giấy tờ), khi chọn tệp", null],
    "dinh-kem": ["Bước 2 (Đính kèm giấy tờ), khi bấm “Tiếp tục”", null],
    "thanh-toan": ["Bước 3 (Phí, lệ phí), khi bấm “Xác nhận thanh toán”", null],
    "tra-cuu": ["Tra cứu hồ sơ, khi bấm “Tra cứu”", "/tra-cuu"],
  };

  function viewGuide() {
    var acc = D.tai_khoan;
    var PROCEDURES = allProcedures();
    var popular = PROCEDURES.filter(function (p) { return p.noi_bat && p.nop_truc_tuyen; })[0] || PROCEDURES[0];
    var paid = PROCEDURES.filter(function (p) { return p.nop_truc_tuyen && amountOf(p) > 0; })[0] || popular;
    var birth = PROCEDURES.filter(function (p) { return p.nop_truc_tuyen && mentionsBirthCertificate(p); })[0] || popular;
    function startFor(id, point) {
      if (POINTS[point][1]) return POINTS[point][1];
      if (point === "thanh-toan") return "/thu-tuc/" + paid.slug;
      if (id === ERR.BIRTH_CERTIFICATE_NOT_FOUND) return "/thu-tuc/" + birth.slug;
      return "/thu-tuc/" + popular.slug;
    }
    var base = window.location.pathname;
    main.appendChild(h("h1", { class: "page-title", text: "Hướng dẫn thực hành" }));
    main.appendChild(card("Tài khoản thực hành", [
      h("div", { class: "table-wrap" }, h("table", { class: "table" },
        h("thead", null, h("tr", null, ["Họ và tên", "Số định danh cá nhân", "Số điện thoại", "Mật khẩu", "Mức tài khoản"].map(function (t) { return h("th", { scope: "col", text: t }); }))),
        h("tbody", null, acc.map(function (a) {
          return h("tr", null, [a.ho_ten, a.so_dinh_danh, a.dien_thoai, a.mat_khau, "Mức " + a.muc].map(function (t, i) {
            return h("td", { "data-nhan": ["Họ và tên", "Số định danh cá nhân", "Số điện thoại", "Mật khẩu", "Mức tài khoản"][i], text: t });
          }));
        })))),
      h("ul", { class: "bullets" },
        h("li", { text: "Mã xác thực chỉ gồm chữ thường và chữ số: gõ đúng như trong ảnh, bằng chữ thường." }),
        h("li", { text: "Mã OTP hiện ngay trên màn hình trong ô “Tin nhắn mô phỏng”." }),
        h("li", { text: "Tệp đính kèm: " + D.gioi_han_tep.dinh_dang + ", tối đa " + D.gioi_han_tep.toi_da_chu + " mỗi tệp; bấm “Lưu tệp” sau khi chọn tệp." }),
        h("li", { text: "Phiên đăng nhập hết hạn sau " + D.phien_phut + " phút không thao tác; cổng thanh toán chờ xác nhận " + Math.round(D.thanh_toan_giay / 60) + " phút." })),
    ]));
    var rows = Object.keys(SIMULATED).map(function (id) {
      var e = ERRORS[id], point = SIMULATED[id].diem;
      return h("li", { class: "scenario" },
        h("p", { class: "scenario__title", text: e.tieu_de }),
        h("p", { class: "scenario__meta" }, "Thông báo: ", h("q", { text: messagesOf(id)[0] }), " · Xuất hiện ở: " + POINTS[point][0]),
        h("p", null,
          h("a", { href: base + "?loi=" + id + "#" + startFor(id, point), text: "Bật: " + e.tieu_de }), " · ",
          h("a", { href: e.trang, target: "_blank", rel: "noopener", text: "Cách xử lý: " + e.tieu_de })));
    });
    var SCENARIOS = D.kich_ban || [];
    if (SCENARIOS.length) {
      main.appendChild(card("Kịch bản thực hành", [
        h("p", { text: "Mỗi bài có mục tiêu, dữ liệu mẫu và có thể bật sẵn tình huống lỗi. Mở bài bằng tham số ?kich-ban= trên địa chỉ; cổng cho biết khi nào bài đã làm đúng, hoặc bước nào chưa đúng." }),
        h("ul", { class: "scenarios" }, SCENARIOS.map(function (s) {
          return h("li", { class: "scenario" },
            h("p", { class: "scenario__title", text: s.ten }),
            h("p", { class: "scenario__meta", text: s.hoc_phan_ten + " · Thủ tục: " + s.thu_tuc.ten + " (" + s.thu_tuc.ma + ")" +
              (s.loi.length ? " · Lỗi bật sẵn: " + s.loi.map(function (id) { return ERRORS[id] ? ERRORS[id].tieu_de : id; }).join("; ") : "") }),
            h("p", null, h("a", { href: base + "?kich-ban=" + encodeURIComponent(s.id) + "#/", text: "Bắt đầu: " + s.ten })));
        })),
      ]));
    }
    main.appendChild(card("Tình huống lỗi để luyện tập", [
      h("p", { text: "Mỗi tình huống được bật bằng tham số ?loi= trên địa chỉ (có thể bật nhiều tình huống, cách nhau bằng dấu phẩy) và giữ nguyên đến khi đóng thẻ trình duyệt hoặc bấm “Tắt tình huống lỗi”. Lỗi xuất hiện một lần mỗi khi mở màn hình có bước đó; làm lại lần nữa là qua." }),
      h("ul", { class: "scenarios" }, rows),
      h("p", null, h("a", { href: base + "?loi=tat#/huong-dan", text: "Tắt mọi tình huống lỗi" })),
    ]));
    return { title: "Hướng dẫn thực hành", crumbs: [["Hướng dẫn thực hành", null]] };
  }

  C.screen("huong-dan", viewGuide);
})(window.CONG_THUC_HANH);
