/* Self-check quiz and the trainer's results page, in the browser only (no server).

   Quiz: the options of every question are shuffled per attempt with a seeded generator,
   so a trainer can reproduce one attempt: the seed ("đề số") is shown and read from the
   address (?de=1234). The explanation shows only after answering. When every question is
   answered the page shows a result code for the Zoom chat:

       KT/<module>/<seed>/<score>-<questions>/<answers>/<check>

   <answers> lists, per question, the letters of the options ticked (a = first option as
   written in the YAML, whatever order they were shown in), "." between questions, "_" for
   none; <check> is FNV-1a (32 bit) of everything before it, base 36, 7 characters.

   Results page: reads pasted chat text, finds every code, refuses those whose check or
   score does not add up (re-scored from the answer key embedded in the page), takes the
   trainee's name from Zoom's "10:02:11 From Nguyen Van A to Everyone:" lines, and shows a
   table per trainee and per question, exportable as CSV. Chat text is data: it only ever
   reaches the page as textContent. */
(function () {
  "use strict";

  var CODE = /KT\/([a-z0-9-]{1,80})\/(\d{1,6})\/(\d{1,3})-(\d{1,3})\/([a-z_.]{1,400})\/([0-9a-z]{7})/g;
  var KEYS = "abcdefghijklmnopqrstuvwxyz";

  function fnv1a(text) {
    var hash = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash;
  }

  function check(body) {
    var s = fnv1a(body).toString(36);
    return ("0000000" + s).slice(-7);
  }

  function resultCode(module, seed, score, total, answers) {
    var body = "KT/" + module + "/" + seed + "/" + score + "-" + total + "/" + answers.join(".");
    return body + "/" + check(body);
  }

  // mulberry32: small, seedable, the same in every browser.
  function generator(seed) {
    var t = seed >>> 0;
    return function () {
      t = (t + 0x6d2b79f5) >>> 0;
      var r = Math.imul(t ^ (t >>> 15), 1 | t);
      r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
      return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
    };
  }

  function shuffled(list, random) {
    var out = list.slice();
    for (var i = out.length - 1; i > 0; i--) {
      var j = Math.floor(random() * (i + 1));
      var tmp = out[i]; out[i] = out[j]; out[j] = tmp;
    }
    return out;
  }

  function seedFromAddress() {
    var match = /[?&]de=(\d{1,6})(&|$)/.exec(window.location.search);
    return match ? parseInt(match[1], 10) : null;
  }

  function newSeed() {
    return 1 + Math.floor(Math.random() * 99999);
  }

  // Material's CSS shows elements with the hidden attribute; an inline !important wins.
  function setShown(element, shown) {
    element.hidden = !shown;
    if (shown) element.style.removeProperty("display");
    else element.style.setProperty("display", "none", "important");
  }

  // ---------------------------------------------------------------------------------
  // Quiz
  // ---------------------------------------------------------------------------------

  function initQuiz(form) {
    var module = form.dataset.module;
    var questions = Array.prototype.slice.call(form.querySelectorAll(".tt-question"));
    var score = form.querySelector(".tt-score");
    var seedLabel = form.querySelector(".tt-quiz__seed");
    var result = form.querySelector(".tt-result");
    var codeOut = form.querySelector(".tt-result__code");
    var results = {};
    var seed = seedFromAddress() || newSeed();

    function start(newAttemptSeed) {
      seed = newAttemptSeed;
      results = {};
      var random = generator(seed);
      questions.forEach(function (fieldset) {
        var box = fieldset.querySelector(".tt-options");
        var labels = Array.prototype.slice.call(box.querySelectorAll(".tt-option"));
        labels.sort(function (a, b) { return a.querySelector("input").value < b.querySelector("input").value ? -1 : 1; });
        shuffled(labels, random).forEach(function (label) { box.appendChild(label); });
        labels.forEach(function (label) {
          var input = label.querySelector("input");
          input.checked = false;
          input.disabled = false;
          label.classList.remove("tt-option--correct", "tt-option--chosen-wrong");
          var mark = label.querySelector(".tt-option__mark");
          if (mark) mark.remove();
        });
        var feedback = fieldset.querySelector(".tt-feedback");
        feedback.className = "tt-feedback";
        feedback.textContent = "";
        fieldset.querySelector(".tt-answer").disabled = false;
        setShown(fieldset.querySelector(".tt-explanation"), false);
      });
      seedLabel.textContent = "Đề số " + seed + " (thứ tự phương án xáo trộn theo đề; mở lại đúng đề này bằng địa chỉ có ?de=" + seed + ").";
      var url = window.location.pathname + "?de=" + seed + window.location.hash;
      history.replaceState(null, "", url);
      setShown(result, false);
      codeOut.textContent = "";
      update();
    }

    function update() {
      var answered = Object.keys(results).length;
      var right = Object.keys(results).filter(function (k) { return results[k].right; }).length;
      score.textContent = "Điểm: " + right + "/" + questions.length + " (đã trả lời " + answered + " câu)";
      if (answered === questions.length) {
        var answers = questions.map(function (fieldset) { return results[fieldset.dataset.question].keys || "_"; });
        codeOut.textContent = resultCode(module, seed, right, questions.length, answers);
        setShown(result, true);
      }
    }

    questions.forEach(function (fieldset) {
      var button = fieldset.querySelector(".tt-answer");
      var feedback = fieldset.querySelector(".tt-feedback");
      var explanation = fieldset.querySelector(".tt-explanation");
      button.addEventListener("click", function () {
        var inputs = Array.prototype.slice.call(fieldset.querySelectorAll("input"));
        if (!inputs.some(function (i) { return i.checked; })) {
          feedback.className = "tt-feedback";
          feedback.textContent = "Hãy chọn ít nhất một phương án.";
          return;
        }
        var right = inputs.every(function (i) { return i.checked === (i.dataset.correct === "true"); });
        var keys = inputs.filter(function (i) { return i.checked; }).map(function (i) { return i.value; }).sort().join("");
        results[fieldset.dataset.question] = { right: right, keys: keys };
        feedback.className = "tt-feedback " + (right ? "tt-feedback--right" : "tt-feedback--wrong");
        feedback.textContent = right ? "Đúng." : "Chưa đúng. Đáp án đúng được đánh dấu bên trên.";
        inputs.forEach(function (i) {
          var label = i.closest("label");
          var correct = i.dataset.correct === "true";
          label.classList.toggle("tt-option--correct", correct);
          label.classList.toggle("tt-option--chosen-wrong", i.checked && !correct);
          if (correct || i.checked) {
            var mark = document.createElement("span");
            mark.className = "tt-option__mark";
            mark.textContent = correct ? " — đáp án đúng" : " — anh/chị đã chọn";
            label.appendChild(mark);
          }
          i.disabled = true;  // an answer counts once; "Làm lại" starts a new attempt
        });
        button.disabled = true;
        setShown(explanation, true);
        update();
        // The button just pressed is disabled: keep keyboard users where they were, on the verdict.
        feedback.tabIndex = -1;
        feedback.focus();
      });
    });
    form.querySelector(".tt-reset").addEventListener("click", function () { start(newSeed()); });
    form.querySelector(".tt-copy").addEventListener("click", function () {
      var text = codeOut.textContent;
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text);
      else {
        var range = document.createRange();
        range.selectNodeContents(codeOut);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        try { document.execCommand("copy"); } catch (e) { /* the code stays selected */ }
      }
    });
    start(seed);
  }

  // ---------------------------------------------------------------------------------
  // Results page
  // ---------------------------------------------------------------------------------

  // Zoom's saved chat: "10:02:11 From Nguyen Van A to Everyone:" (message on the next lines,
  // or after the colon), or the older "10:02:11\t From  Nguyen Van A : message".
  var TIME = "^\\s*(?:\\d{1,2}:\\d{2}(?::\\d{2})?\\s+)?(?:From|Từ)\\s+";
  var SENDER_TO = new RegExp(TIME + "(.+?)\\s+(?:to|đến|tới)\\s+(.+?)\\s*:\\s*(.*)$", "i");
  var SENDER = new RegExp(TIME + "(.+?)\\s*:\\s(.*)$", "i");

  /** Every result code in the chat text, with the sender of the message it is in. */
  function readChat(text, key) {
    var found = [], refused = [];
    var sender = "";
    text.split(/\r?\n/).forEach(function (line) {
      var m = SENDER_TO.exec(line) || SENDER.exec(line);
      var rest = line;
      if (m) { sender = m[1].replace(/\s+/g, " ").trim(); rest = m[m.length - 1]; }
      CODE.lastIndex = 0;
      var c;
      while ((c = CODE.exec(rest)) !== null) {
        var verdict = verify(c, key);
        var entry = { trainee: sender || "(không rõ tên)", code: c[0], module: c[1], seed: +c[2],
                      score: +c[3], total: +c[4], answers: c[5].split(".") };
        if (verdict) { entry.reason = verdict; refused.push(entry); } else found.push(entry);
      }
    });
    // The latest code of a trainee for a module counts (a trainee may retry).
    var latest = {};
    found.forEach(function (e) { latest[e.module + "\n" + e.trainee] = e; });
    return { results: Object.keys(latest).map(function (k) { return latest[k]; }), refused: refused };
  }

  function verify(c, key) {
    var body = c[0].slice(0, c[0].lastIndexOf("/"));
    if (check(body) !== c[6]) return "mã bị sửa hoặc chép thiếu (sai mã kiểm tra)";
    var module = key[c[1]];
    if (!module) return "không có học phần “" + c[1] + "”";
    var answers = c[5].split(".");
    if (+c[4] !== module.questions.length || answers.length !== module.questions.length) return "số câu không khớp bài kiểm tra hiện tại";
    var right = 0;
    for (var i = 0; i < answers.length; i++) {
      var letters = answers[i];
      if (letters !== "_" && !/^[a-z]+$/.test(letters)) return "câu trả lời không hợp lệ";
      for (var j = 0; j < letters.length; j++) {
        if (letters !== "_" && KEYS.indexOf(letters[j]) >= module.questions[i].options.length) return "câu trả lời không hợp lệ";
      }
      if (letters === module.questions[i].right) right++;
    }
    if (right !== +c[3]) return "điểm không khớp với câu trả lời";
    return "";
  }

  function cell(row, text, header) {
    var td = document.createElement(header ? "th" : "td");
    if (header && header !== true) td.scope = header;
    td.textContent = String(text);
    row.appendChild(td);
    return td;
  }

  function table(caption, head, rows) {
    var t = document.createElement("table");
    var cap = document.createElement("caption");
    cap.textContent = caption;
    t.appendChild(cap);
    var thead = document.createElement("thead"), tr = document.createElement("tr");
    head.forEach(function (h) { cell(tr, h, "col"); });
    thead.appendChild(tr);
    t.appendChild(thead);
    var tbody = document.createElement("tbody");
    rows.forEach(function (r) {
      var row = document.createElement("tr");
      r.forEach(function (v, i) { cell(row, v, i === 0 ? "row" : false); });
      tbody.appendChild(row);
    });
    t.appendChild(tbody);
    var wrap = document.createElement("div");
    wrap.className = "tt-table-wrap";
    wrap.appendChild(t);
    return wrap;
  }

  // A cell starting like a formula is prefixed, so a spreadsheet shows it as text.
  function csvCell(value) {
    var text = String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function toCsv(rows) {
    return "\ufeff" + rows.map(function (r) { return r.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  }

  function download(name, text) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }

  function initCollector(box) {
    var key = JSON.parse(box.dataset.answerKey);
    var input = box.querySelector(".tt-collector__input");
    var out = box.querySelector(".tt-collector__out");
    var summary = box.querySelector(".tt-collector__summary");
    var csvTrainees = box.querySelector(".tt-collector__csv");
    var csvQuestions = box.querySelector(".tt-collector__csv-questions");
    var traineeRows = [], questionRows = [];

    box.querySelector(".tt-collector__read").addEventListener("click", function () {
      var read = readChat(input.value, key);
      out.textContent = "";
      traineeRows = [["Học viên", "Học phần", "Đề số", "Điểm", "Số câu", "Câu trả lời (theo câu)", "Mã kết quả"]];
      questionRows = [["Học phần", "Câu", "Câu hỏi", "Số người trả lời đúng", "Số người nộp", "Phương án được chọn"]];
      var modules = {};
      read.results.forEach(function (r) { (modules[r.module] = modules[r.module] || []).push(r); });
      Object.keys(modules).sort().forEach(function (moduleId) {
        var module = key[moduleId], list = modules[moduleId];
        list.sort(function (a, b) { return a.trainee.localeCompare(b.trainee, "vi"); });
        var heading = document.createElement("h2");
        heading.textContent = module.title;
        out.appendChild(heading);
        var head = ["Học viên", "Điểm"].concat(module.questions.map(function (q, i) { return "Câu " + (i + 1); }));
        out.appendChild(table("Kết quả theo học viên", head, list.map(function (r) {
          traineeRows.push([r.trainee, module.title, r.seed, r.score, r.total, r.answers.join(" "), r.code]);
          return [r.trainee, r.score + "/" + r.total].concat(r.answers.map(function (a, i) {
            return (a === module.questions[i].right ? "Đúng" : "Sai") + " (" + (a === "_" ? "—" : a) + ")";
          }));
        })));
        out.appendChild(table("Kết quả theo câu hỏi", ["Câu", "Câu hỏi", "Đúng", "Phương án được chọn"],
          module.questions.map(function (q, i) {
            var right = 0, picks = {};
            list.forEach(function (r) {
              if (r.answers[i] === q.right) right++;
              picks[r.answers[i]] = (picks[r.answers[i]] || 0) + 1;
            });
            var chosen = Object.keys(picks).sort().map(function (k) { return (k === "_" ? "bỏ trống" : k) + ": " + picks[k]; }).join(", ");
            questionRows.push([module.title, i + 1, q.q, right, list.length, chosen]);
            return ["Câu " + (i + 1), q.q, right + "/" + list.length, chosen + " (đáp án: " + q.right + ")"];
          })));
      });
      if (read.refused.length) {
        var h = document.createElement("h2");
        h.textContent = "Mã bị từ chối";
        out.appendChild(h);
        out.appendChild(table("Mã không hợp lệ", ["Học viên", "Mã", "Lý do"], read.refused.map(function (r) {
          return [r.trainee, r.code, r.reason];
        })));
      }
      summary.textContent = "Đọc được " + read.results.length + " kết quả" +
        (read.refused.length ? ", từ chối " + read.refused.length + " mã không hợp lệ." : ".");
      csvTrainees.disabled = csvQuestions.disabled = read.results.length === 0;
    });
    csvTrainees.addEventListener("click", function () { download("ket-qua-theo-hoc-vien.csv", toCsv(traineeRows)); });
    csvQuestions.addEventListener("click", function () { download("ket-qua-theo-cau-hoi.csv", toCsv(questionRows)); });
  }

  function init() {
    document.querySelectorAll("form.tt-quiz").forEach(initQuiz);
    document.querySelectorAll(".tt-collector").forEach(initCollector);
  }
  // Material loads pages without a full reload ("instant" navigation) only when enabled;
  // a plain load is enough here.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
