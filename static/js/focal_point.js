// The focal point of a photo (news admin: the photo library and an article's cover): a click on the photo
// sets the two percentage inputs named by its data-focal-x / data-focal-y, and the marker follows them.
// The inputs stay usable by keyboard; the marker is only a picture of their values.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  document.querySelectorAll("img[data-focal-x]").forEach(function (image) {
    var inputX = document.getElementById(image.getAttribute("data-focal-x"));
    var inputY = document.getElementById(image.getAttribute("data-focal-y"));
    var marker = image.parentNode.querySelector(".focal-marker");
    if (!inputX || !inputY || !marker) {
      return;
    }
    function percent(input) {
      var value = parseInt(input.value, 10);
      return isNaN(value) ? 50 : Math.max(0, Math.min(100, value));
    }
    function place() {
      marker.style.left = percent(inputX) + "%";
      marker.style.top = percent(inputY) + "%";
    }
    image.addEventListener("click", function (event) {
      var box = image.getBoundingClientRect();
      inputX.value = Math.round(((event.clientX - box.left) / box.width) * 100);
      inputY.value = Math.round(((event.clientY - box.top) / box.height) * 100);
      place();
    });
    inputX.addEventListener("input", place);
    inputY.addEventListener("input", place);
    image.classList.add("focal-ready");
    place();
  });
});
