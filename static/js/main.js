/* Small enhancements; every page works without this file. */
(function () {
  "use strict";
  var root = document.documentElement;

  // Text size A- A A+: apply at once and remember in the same cookie the server reads.
  document.querySelectorAll(".text-size a[data-size]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var size = link.getAttribute("data-size");
      root.classList.remove("co-chu-nho", "co-chu-lon");
      if (size) {
        root.classList.add("co-chu-" + size);
        document.cookie = "co_chu=" + size + "; path=/; max-age=31536000; samesite=lax";
      } else {
        document.cookie = "co_chu=; path=/; max-age=0; samesite=lax";
      }
      document.querySelectorAll(".text-size a[data-size]").forEach(function (other) {
        if (other === link) { other.setAttribute("aria-current", "true"); } else { other.removeAttribute("aria-current"); }
      });
    });
  });

  // The main menu folds behind "Menu" on a phone (a <details>, so it works without this file); from 60em on
  // it is always open. Escape, or a click outside, folds it again and brings focus back to the button.
  var fold = document.querySelector(".nav-fold");
  var wide = window.matchMedia("(min-width: 60em)");
  function fitFold() { if (fold) { fold.open = wide.matches; } }
  fitFold();
  if (wide.addEventListener) { wide.addEventListener("change", fitFold); }

  // Close an open submenu (details) when focus or a click goes elsewhere, or on Escape.
  var menus = document.querySelectorAll(".main-nav .has-sub > details");
  function closeMenus(except) {
    menus.forEach(function (menu) { if (menu !== except) { menu.removeAttribute("open"); } });
  }
  document.addEventListener("click", function (event) {
    var inside = event.target.closest && event.target.closest(".main-nav .has-sub > details");
    closeMenus(inside);
    if (fold && fold.open && !wide.matches && !(event.target.closest && event.target.closest(".main-nav"))) {
      fold.open = false;
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var open = Array.prototype.filter.call(menus, function (menu) { return menu.open; });
    if (open.length) {
      open.forEach(function (menu) { menu.removeAttribute("open"); menu.querySelector("summary").focus(); });
    } else if (fold && fold.open && !wide.matches) {
      fold.open = false;
      fold.querySelector("summary").focus();
    }
  });

  // Article tools: copy the link, print. Without JavaScript the link stays in its text box.
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector(".copy-status");
    if (!input || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(function () {
        if (status) { status.textContent = "Đã sao chép liên kết."; }
      }, function () {
        input.select();
      });
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
