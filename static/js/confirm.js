// Forms that ask before an action that cannot be undone: <form data-confirm="…">.
// An event listener rather than inline onsubmit, so the Content-Security-Policy forbids inline script.
document.addEventListener("submit", (event) => {
  const message = event.target.dataset && event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
}, true);
