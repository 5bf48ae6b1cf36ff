// Autosave of the article form (news admin): every few seconds, when the text changed, the form's fields
// (not its files) are posted to the article's «tự lưu» address; the person gets them back after a crash.
// No inline script (the admin's CSP): the address and the interval come from <meta name="tu-luu">.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var meta = document.querySelector('meta[name="tu-luu"]');
  var form = document.getElementById("article_form");
  if (!meta || !form || !window.fetch) {
    return;
  }
  var url = meta.getAttribute("content");
  var seconds = parseInt(meta.getAttribute("data-giay"), 10) || 15;
  var status = document.getElementById("tu-luu-trang-thai");
  var last = null;

  function fields() {
    var data = new FormData(form);
    var kept = new FormData();
    data.forEach(function (value, name) {
      if (typeof value === "string" && name !== "_xuat_ban" && name !== "_gui_duyet") {
        kept.append(name, value);
      }
    });
    return kept;
  }

  function signature(data) {
    var parts = [];
    data.forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") {
        parts.push(name + "=" + value);
      }
    });
    return parts.join("&");
  }

  function save(beacon) {
    var data = fields();
    var now = signature(data);
    if (last === null) {
      last = now; // the form as it opened: nothing typed yet
      return;
    }
    if (now === last) {
      return;
    }
    last = now;
    if (beacon && navigator.sendBeacon) {
      navigator.sendBeacon(url, data);
      return;
    }
    fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": data.get("csrfmiddlewaretoken") || "" },
    })
      .then(function (response) {
        return response.ok ? response.json() : Promise.reject(response.status);
      })
      .then(function (answer) {
        if (status) {
          status.textContent = "Đã tự lưu lúc " + answer.luc + " (chỉ bạn thấy; bấm «Lưu» để giữ lại).";
        }
      })
      .catch(function () {
        last = null; // try again at the next turn
        if (status) {
          status.textContent = "Chưa tự lưu được (mạng hoặc máy chủ); sẽ thử lại.";
        }
      });
  }

  save(false); // remember the form as it opened
  window.setInterval(function () { save(false); }, seconds * 1000);
  form.addEventListener("submit", function () { last = signature(fields()); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      save(true);
    }
  });
});
