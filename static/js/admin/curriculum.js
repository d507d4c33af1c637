// Drag and drop on the curriculum screen. Without it the Move up/Move down forms do the same job;
// with it, a section or lesson is dragged by its handle and dropped before, after or into another,
// which posts the same "move" form the buttons post.
(function () {
  const list = document.querySelector("[data-curriculum]");
  if (!list || !("draggable" in document.createElement("span"))) return;
  list.classList.add("curriculum--enhanced");
  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
  let dragged = null;

  const itemOf = (node) => node && node.closest("[data-page-id]");
  const clearMarks = () => list.querySelectorAll("[data-drop]").forEach((el) => el.removeAttribute("data-drop"));

  function placement(event, target) {
    if (dragged.dataset.kind === "lesson" && target.dataset.kind === "section") return "into";
    const box = target.querySelector(".curriculum-row").getBoundingClientRect();
    return event.clientY < box.top + box.height / 2 ? "before" : "after";
  }

  function allowed(target) {
    if (!dragged || !target || target === dragged || dragged.contains(target)) return false;
    return dragged.dataset.kind === target.dataset.kind || (dragged.dataset.kind === "lesson" && target.dataset.kind === "section");
  }

  list.addEventListener("dragstart", (event) => {
    if (!event.target.matches("[data-drag-handle]")) return;
    dragged = itemOf(event.target);
    dragged.setAttribute("data-dragging", "");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.pageId);
    event.dataTransfer.setDragImage(dragged, 16, 16);
  });

  list.addEventListener("dragover", (event) => {
    // A lesson dropped on its own section's body goes into that section.
    let target = itemOf(event.target);
    if (target && dragged && dragged.dataset.kind === "section" && target.dataset.kind === "lesson") target = target.parentElement.closest("[data-page-id]");
    if (!allowed(target)) return;
    event.preventDefault();
    clearMarks();
    target.setAttribute("data-drop", placement(event, target));
  });

  list.addEventListener("dragleave", (event) => {
    if (!list.contains(event.relatedTarget)) clearMarks();
  });

  list.addEventListener("dragend", () => {
    clearMarks();
    if (dragged) dragged.removeAttribute("data-dragging");
    dragged = null;
  });

  list.addEventListener("drop", async (event) => {
    const target = list.querySelector("[data-drop]");
    if (!target || !dragged) return;
    event.preventDefault();
    const how = target.getAttribute("data-drop");
    const body = new FormData();
    body.append("csrfmiddlewaretoken", csrf ? csrf.value : "");
    body.append("action", "move");
    body.append("page", dragged.dataset.pageId);
    body.append("target", target.dataset.pageId);
    body.append("how", how);
    const moved = dragged.dataset.pageId;
    clearMarks();
    const response = await fetch(list.dataset.moveUrl, { method: "POST", body, headers: { Accept: "application/json" }, credentials: "same-origin" });
    const answer = await response.json().catch(() => ({ detail: "The move failed." }));
    // The page reloads so statuses, numbering and the Move buttons follow the new order.
    if (response.ok) {
      window.location.hash = `page-${moved}`;
      window.location.reload();
    } else {
      const alert = document.createElement("p");
      alert.className = "help-block help-critical";
      alert.setAttribute("role", "alert");
      alert.textContent = answer.detail;
      list.before(alert);
    }
  });
})();
