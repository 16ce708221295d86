// The print view's button: the browser's print dialog (A4, with the report's print styles).
document.getElementById('drucken')?.addEventListener('click', () => window.print());
