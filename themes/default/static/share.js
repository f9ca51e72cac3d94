// "Copier le lien" and the badge page's copy buttons. Without this script, the
// link is a plain link to the page and the snippets stay selectable text.
(function () {
  "use strict";
  function say(el, text) {
    var status = el.parentNode.querySelector("[role=status]");
    if (status) status.textContent = text;
  }
  document.querySelectorAll("button[data-copy-from]").forEach(function (b) {
    b.hidden = false;
  });
  document.addEventListener("click", function (e) {
    var el = e.target.closest("[data-copy], [data-copy-from]");
    if (!el || !navigator.clipboard) return;
    var text = el.dataset.copy;
    if (el.dataset.copyFrom) {
      var source = document.getElementById(el.dataset.copyFrom);
      text = source ? source.textContent : "";
    }
    e.preventDefault();
    navigator.clipboard.writeText(text).then(
      function () { say(el, el.dataset.copied || ""); },
      function () { if (el.href) window.location.href = el.href; }
    );
  });
})();
