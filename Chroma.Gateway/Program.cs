// Placeholder: the single-node host is built by the API module.
return 0;
