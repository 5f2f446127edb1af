// Small behaviours the pages share, kept out of the HTML so the Content-Security-Policy allows no inline script:
// data-confirm asks before a form is sent or a button pressed; data-autosubmit sends its form on change.
document.addEventListener("submit", function (event) {
  const form = event.target;
  const message = form.dataset.confirm || (event.submitter && event.submitter.dataset.confirm);
  if (message && !window.confirm(message)) event.preventDefault();
});
document.addEventListener("change", function (event) {
  if (event.target.matches("[data-autosubmit]") && event.target.form) event.target.form.submit();
});
