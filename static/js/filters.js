// A list's filters fold into a native <details> (components/filter_panel.html),
// closed on a phone so the results come first. On a wide screen there is room
// beside the results: open them. Without this script the disclosure still
// opens and closes; it just starts closed everywhere.
(() => {
  if (!window.matchMedia("(min-width: 992px)").matches) return;
  for (const details of document.querySelectorAll("details[data-open-wide]")) {
    details.open = true;
  }
})();
