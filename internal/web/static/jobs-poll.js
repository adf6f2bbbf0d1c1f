// jobs-poll.js refreshes a running job's progress bar once a second from
// GET /api/v1/jobs/{id}, and reloads the page when the job ends so that the
// server draws its outcome.
(function () {
  "use strict";
  var box = document.querySelector("[data-job]");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  var count = box.querySelector(".job-count");
  var message = box.querySelector(".job-message");
  function tick() {
    fetch("/api/v1/jobs/" + box.getAttribute("data-job"), { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (j) {
        if (j.status === "done" || j.status === "failed") { location.reload(); return; }
        if (j.total > 0) {
          bar.max = j.total; bar.value = j.done;
          count.textContent = j.done + " / " + j.total;
        }
        message.textContent = j.message || "";
        setTimeout(tick, 1000);
      })
      .catch(function () { setTimeout(tick, 3000); });
  }
  setTimeout(tick, 1000);
}());
