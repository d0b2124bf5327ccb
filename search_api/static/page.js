// Small enhancements of a page that works without script: «/» focuses the search box, and the
// «Скопировать ссылку» button copies this search's address.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var box = document.getElementById("q");
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "/" && box && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  });
  var button = document.querySelector(".copy-link");
  if (button && navigator.clipboard) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(window.location.href).then(function () {
        button.textContent = "Ссылка скопирована";
      }, function () {
        button.textContent = "Не удалось скопировать";
      });
    });
  }
})();
