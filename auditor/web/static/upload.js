// Progress while an export uploads. Without JavaScript the form posts as usual and the
// browser shows its own progress; with it, a progress bar shows how much has gone, and
// the streamed answer replaces the page as it arrives.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("upload");
  if (!form || !window.XMLHttpRequest || !window.FormData) { return; }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    var label = document.createElement("p");
    label.setAttribute("role", "status");
    form.appendChild(label);
    form.appendChild(bar);
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        var pct = Math.round((100 * e.loaded) / e.total);
        bar.value = pct;
        label.textContent = form.dataset.uploading.replace("{pct}", pct);
      }
    });
    request.upload.addEventListener("load", function () {
      bar.removeAttribute("value");
      label.textContent = form.dataset.busy;
    });
    request.addEventListener("load", function () {
      document.open();
      document.write(request.responseText);
      document.close();
    });
    request.send(new FormData(form));
  });
});
