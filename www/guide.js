// Resizes the example iframe from the height it posts (the same code as the host snippet).
addEventListener('message', (event) => {
  if (event.origin !== location.origin || event.data?.type !== 'pcc-spc-height') return;
  for (const frame of document.querySelectorAll('iframe[data-pcc-spc-embed]')) {
    if (frame.contentWindow === event.source) frame.height = event.data.height;
  }
});
