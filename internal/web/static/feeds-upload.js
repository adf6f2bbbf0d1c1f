// feeds-upload.js stops the upload of a file over the server's bound before
// it is sent: the server could only answer such a request by cutting it.
(function () {
  "use strict";
  var form = document.querySelector("form.feed-upload");
  if (!form) { return; }
  form.addEventListener("submit", function (e) {
    var input = form.querySelector('input[type="file"]');
    var tooBig = input.files.length > 0 && input.files[0].size > Number(form.getAttribute("data-max"));
    form.querySelector(".upload-error").hidden = !tooBig;
    if (tooBig) { e.preventDefault(); }
  });
}());
