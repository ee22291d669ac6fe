/*
 * Màn hình nộp trực tuyến, step 3: fee of the online channel; simulated payment gateway (#/nop/<slug>/3).
 */
(function (C) {
  "use strict";
  if (!C) return; // du-lieu.js is missing: js/00-nen.js said so on the page

  var D = C.D, h = C.h, icon = C.icon, money = C.money, pad = C.pad, ERR = C.ERR, takeForced = C.takeForced,
    go = C.go, onCleanup = C.onCleanup, endSession = C.endSession, idleExpired = C.idleExpired,
    alertZone = C.alertZone, showError = C.showError, showMessage = C.showMessage, clearZone = C.clearZone,
    button = C.button, dl = C.dl, LABEL = C.LABEL, PAYMENT_METHODS = C.PAYMENT_METHODS,
    saveDraft = C.saveDraft, amountOf = C.amountOf, formPage = C.formPage, navButtons = C.navButtons;

  // Step 3: fee of the online channel; simulated payment gateway with a time limit.
  function stepFee(p, acc, draft, body, here) {
    var amount = amountOf(p);
    var pay = draft.thanh_toan;
    var zone = alertZone();
    var area = h("div", { class: "payment" });
    body.appendChild(h("h2", { class: "card__title", text: "Bước 3. Phí, lệ phí" }));
    body.appendChild(dl([
      ["Phí, lệ phí (nộp trực tuyến)", p.truc_tuyen ? p.truc_tuyen.phi : "Không có thông tin"],
      ["Số tiền phải thanh toán", amount ? money(amount) : "0 đồng"],
    ]));
    body.appendChild(zone);
    body.appendChild(area);

    function paid() { return amount === 0 || pay.trang_thai === "xong"; }
    function methods() {
      var group = h("fieldset", { class: "choice-group" },
        h("legend", { class: "field__label", text: LABEL.hinh_thuc }),
        PAYMENT_METHODS.map(function (m, i) {
          var id = "hinh-thuc-" + i;
          return h("div", { class: "choice" },
            h("input", { type: "radio", id: id, name: "hinh-thuc", value: m, checked: pay.hinh_thuc === m }),
            h("label", { for: id, text: m }));
        }));
      var error = h("p", { class: "field__error", id: "hinh-thuc-loi", hidden: true });
      group.insertBefore(error, group.children[1]);
      return { group: group, error: error };
    }

    function draw() {
      area.replaceChildren();
      if (amount === 0) {
        area.appendChild(h("p", { class: "note", text: "Hồ sơ này không phải thanh toán trực tuyến. Bấm “Tiếp tục” để sang bước xác nhận." }));
      } else if (pay.trang_thai === "xong") {
        area.appendChild(h("div", { class: "receipt" }, icon("xong"),
          h("div", null, h("p", { class: "receipt__title", text: "Thanh toán thành công" }),
            h("p", { text: "Mã giao dịch: " + pay.ma_gd + " · " + money(amount) + " · " + pay.hinh_thuc }))));
      } else if (pay.trang_thai === "cho") {
        area.appendChild(h("div", { class: "receipt receipt--wait" },
          h("p", { class: "receipt__title", text: "Đang xử lý" }),
          h("p", { text: "Mã giao dịch: " + pay.ma_gd + ". Ngân hàng đã ghi nhận giao dịch; cổng đang chờ kết quả đối soát." }),
          button("Kiểm tra lại", { cls: "btn--secondary", onclick: function () {
            clearZone(zone);
            pay.trang_thai = "xong";
            saveDraft(draft);
            draw();
            showMessage(zone, "success", "Thanh toán thành công");
          } })));
      } else if (pay.trang_thai === "dang") {
        gateway();
      } else {
        var m = methods();
        area.appendChild(m.group);
        area.appendChild(h("div", { class: "actions" }, button("Thanh toán", { onclick: function () {
          var chosen = area.querySelector("input[name=hinh-thuc]:checked");
          if (!chosen) {
            m.error.textContent = "Vui lòng chọn hình thức thanh toán";
            m.error.hidden = false;
            area.querySelector("input[name=hinh-thuc]").focus();
            return;
          }
          clearZone(zone);
          pay.hinh_thuc = chosen.value;
          pay.trang_thai = "dang";
          pay.han = Date.now() + D.thanh_toan_giay * 1000;
          pay.ma_gd = "GD" + pad(Math.floor(Math.random() * 100000000), 8);
          saveDraft(draft);
          draw();
        } })));
      }
    }

    // The simulated payment platform: confirm before the time runs out.
    function gateway() {
      var left = h("span", { class: "gateway__time", role: "timer" });
      function fail(indexes) {
        window.clearInterval(timer);
        pay.trang_thai = "chua";
        saveDraft(draft);
        draw();
        showError(zone, ERR.PAYMENT_OVERDUE, indexes);
      }
      function tick() {
        var seconds = Math.max(0, Math.ceil((pay.han - Date.now()) / 1000));
        left.textContent = pad(Math.floor(seconds / 60)) + ":" + pad(seconds % 60);
        if (seconds <= 0) fail([0, 1]);
      }
      var timer = window.setInterval(tick, 1000);
      onCleanup(function () { window.clearInterval(timer); });
      area.appendChild(h("section", { class: "gateway", "aria-labelledby": "cong-thanh-toan" },
        h("h3", { class: "gateway__title", id: "cong-thanh-toan", text: "Cổng thanh toán (mô phỏng)" }),
        dl([["Số tiền", money(amount)], ["Nội dung", "Nộp phí, lệ phí hồ sơ: " + p.ten], ["Hình thức", pay.hinh_thuc], ["Mã giao dịch", pay.ma_gd]]),
        h("p", { class: "gateway__countdown" }, "Thời gian còn lại để xác nhận: ", left),
        h("div", { class: "actions" },
          button("Xác nhận thanh toán", { onclick: function () {
            if (Date.now() > pay.han || takeForced(ERR.PAYMENT_OVERDUE)) { fail([0, 1]); return; }
            window.clearInterval(timer);
            if (takeForced(ERR.PAYMENT_ALREADY_CHARGED)) {
              pay.trang_thai = "cho";
              saveDraft(draft);
              draw();
              showError(zone, ERR.PAYMENT_ALREADY_CHARGED);
              return;
            }
            pay.trang_thai = "xong";
            saveDraft(draft);
            draw();
            showMessage(zone, "success", "Thanh toán thành công");
          } }),
          button("Hủy giao dịch", { cls: "btn--secondary", onclick: function () { fail([0]); } }))));
      tick();
    }

    draw();
    var stepError = h("p", { class: "field__error", hidden: true, id: "thanh-toan-loi" });
    body.appendChild(stepError);
    body.appendChild(h("form", { novalidate: true, class: "form", onsubmit: function (ev) {
      ev.preventDefault();
      if (idleExpired()) { endSession(here); return; }
      if (!paid()) {
        stepError.textContent = "Vui lòng thanh toán phí, lệ phí trước khi nộp hồ sơ";
        stepError.hidden = false;
        stepError.scrollIntoView({ block: "nearest" });
        return;
      }
      draft.xong = Math.max(draft.xong, 3);
      saveDraft(draft);
      go("/nop/" + p.slug + "/4");
    } }, navButtons("/nop/" + p.slug + "/2", "Tiếp tục")));
  }

  C.screen("nop-buoc-3", function (query, slug) { return formPage(slug, 3, stepFee); });
})(window.CONG_THUC_HANH);
