// Vite's client types (CSS imports, import.meta.env) for the browser code.
/// <reference types="vite/client" />
