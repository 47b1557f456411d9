// mailbook serve: reload this page when the preview is rebuilt (or fails to rebuild, so the
// error overlay appears), keeping the scroll position. Served only by `mailbook serve`.
(function () {
  "use strict";
  var script = document.currentScript;
  var version = script && script.getAttribute("data-version");
  var key = "mailbook-serve-scroll";

  var overlay = document.getElementById("mailbook-overlay");
  if (overlay) {
    var hide = overlay.querySelector(".mailbook-overlay-hide");
    if (hide) {
      hide.addEventListener("click", function () {
        overlay.remove();
      });
    }
  }

  try {
    var saved = JSON.parse(sessionStorage.getItem(key) || "null");
    sessionStorage.removeItem(key);
    if (saved && saved.path === location.pathname) {
      window.addEventListener("load", function () {
        window.scrollTo(saved.x, saved.y);
      });
    }
  } catch (e) {
    // Storage may be disabled; reloading still works.
  }

  if (!window.EventSource) {
    return;
  }
  var source = new EventSource("/__mailbook/events");
  function onBuild(event) {
    if (event.data === version) {
      return;
    }
    source.close();
    try {
      sessionStorage.setItem(
        key,
        JSON.stringify({ path: location.pathname, x: window.scrollX, y: window.scrollY })
      );
    } catch (e) {
      // See above.
    }
    location.reload();
  }
  source.addEventListener("hello", onBuild);
  source.addEventListener("reload", onBuild);
})();
