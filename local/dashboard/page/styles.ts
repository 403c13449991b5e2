/** The page's stylesheet, after the Stripe Dashboard's look: its type scale, spacing tokens, colors and drawer. */
export const STYLES = `
:root {
  --ld-font: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Ubuntu, Arial, sans-serif;
  --ld-text: #353a44; --ld-text-secondary: #687385; --ld-text-disabled: #a3acba;
  --ld-border: #d8dee4; --ld-keyline: #ebeef1; --ld-surface: #ffffff; --ld-container: #f6f8fa;
  --ld-brand: #635bff; --ld-brand-dark: #5851ea; --ld-critical: #df1b41; --ld-success: #228403; --ld-attention: #c84801;
  --ld-info: #0055bc; --ld-test: #f97316;
}
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font: 14px/20px var(--ld-font); color: var(--ld-text); background: var(--ld-surface); -webkit-font-smoothing: antialiased; }
button, input, select, textarea { font: inherit; color: inherit; }
.ld-booting { padding: 48px; color: var(--ld-text-secondary); }

/* Frame: test-mode strip, top bar, sidebar, page, drawer */
.ld-frame { display: flex; flex-direction: column; height: 100vh; }
.ld-teststrip { height: 4px; background: var(--ld-test); }
.ld-teststrip[data-mode="live"] { background: transparent; }
.ld-topbar { display: flex; align-items: center; gap: 16px; padding: 10px 20px; border-bottom: 1px solid var(--ld-keyline); }
.ld-account { display: flex; align-items: center; gap: 8px; font-weight: 600; }
.ld-account-mark { width: 24px; height: 24px; border-radius: 6px; background: var(--ld-brand); color: #fff; display: grid; place-items: center; font-size: 12px; }
.ld-spacer { flex: 1; }
.ld-topbar label { display: flex; align-items: center; gap: 6px; color: var(--ld-text-secondary); font-size: 13px; }
.ld-topbar select { border: 1px solid var(--ld-border); border-radius: 6px; padding: 4px 8px; background: #fff; }
.ld-modeswitch { display: flex; align-items: center; gap: 8px; font-size: 13px; font-weight: 500; cursor: pointer; border: 0; background: none; padding: 0; }
.ld-modeswitch-track { width: 28px; height: 16px; border-radius: 8px; background: var(--ld-border); position: relative; transition: background .15s; }
.ld-modeswitch-track::after { content: ""; position: absolute; top: 2px; left: 2px; width: 12px; height: 12px; border-radius: 50%; background: #fff; transition: left .15s; }
.ld-modeswitch[aria-checked="true"] .ld-modeswitch-track { background: var(--ld-test); }
.ld-modeswitch[aria-checked="true"] .ld-modeswitch-track::after { left: 14px; }
.ld-body { flex: 1; display: flex; min-height: 0; }
.ld-sidebar { width: 208px; flex: none; padding: 16px 12px; border-right: 1px solid var(--ld-keyline); overflow-y: auto; }
.ld-sidebar a { display: block; padding: 6px 8px; border-radius: 6px; color: var(--ld-text); text-decoration: none; font-weight: 500; }
.ld-sidebar a:hover { background: var(--ld-container); }
.ld-sidebar a[aria-current="page"] { color: var(--ld-brand); background: #f5f4ff; }
.ld-sidebar-heading { margin: 16px 8px 4px; font-size: 11px; font-weight: 600; letter-spacing: .04em; text-transform: uppercase; color: var(--ld-text-secondary); }
.ld-main { flex: 1; min-width: 0; overflow-y: auto; padding: 24px 32px; }
.ld-crumbs { color: var(--ld-text-secondary); font-size: 13px; margin-bottom: 4px; }
.ld-main h1 { font-size: 28px; line-height: 36px; font-weight: 700; margin: 0 0 4px; }
.ld-id { font-family: Menlo, Consolas, monospace; font-size: 12px; color: var(--ld-text-secondary); }
.ld-facts { display: grid; grid-template-columns: 160px 1fr; gap: 8px 16px; margin-top: 24px; max-width: 560px; }
.ld-facts dt { color: var(--ld-text-secondary); }
.ld-facts dd { margin: 0; }
.ld-note { color: var(--ld-text-secondary); max-width: 640px; }
.ld-table { border-collapse: collapse; margin-top: 24px; width: 100%; max-width: 760px; }
.ld-table td { padding: 10px 12px; border-bottom: 1px solid var(--ld-keyline); }
.ld-table a { color: var(--ld-brand); font-weight: 500; text-decoration: none; }
.sx-fullpage { display: flex; flex-direction: column; gap: 16px; }
.sx-page-header { display: flex; align-items: flex-start; gap: 16px; justify-content: space-between; margin-bottom: 16px; }
.sx-page-title { font-size: 28px; line-height: 36px; font-weight: 700; margin: 0; }
.sx-page-subtitle { color: var(--ld-text-secondary); }
.sx-page-actions { display: flex; gap: 8px; }
.sx-page-columns { display: flex; gap: 24px; align-items: flex-start; }
.sx-page-primary { flex: 2; min-width: 0; display: flex; flex-direction: column; gap: 16px; }
.sx-page-secondary { flex: 1; min-width: 0; display: flex; flex-direction: column; gap: 16px; }
.sx-page-module { border: 1px solid var(--ld-keyline); border-radius: 8px; padding: 16px; }
.sx-page-module-title { font-size: 16px; font-weight: 600; margin: 0; }
.sx-menu { position: relative; display: inline-block; }
.sx-menu-items { position: absolute; z-index: 5; background: #fff; border: 1px solid var(--ld-border); border-radius: 6px; box-shadow: 0 8px 24px rgba(0,0,0,.12); display: flex; flex-direction: column; min-width: 160px; }
.sx-menu-item { text-align: left; background: none; border: 0; padding: 8px 12px; cursor: pointer; }
.sx-menu-item:hover { background: var(--ld-container); }
.sx-tabs { display: flex; flex-wrap: wrap; gap: 4px 16px; border-bottom: 1px solid var(--ld-keyline); }
.sx-tab { background: none; border: 0; border-bottom: 2px solid transparent; padding: 8px 0; cursor: pointer; font-weight: 500; color: var(--ld-text-secondary); }
.sx-tab[aria-selected="true"] { color: var(--ld-brand); border-bottom-color: var(--ld-brand); }
.sx-tabpanel { order: 1; flex-basis: 100%; padding-top: 16px; }
.ld-page-module { margin-top: 32px; max-width: 760px; border: 1px solid var(--ld-keyline); border-radius: 8px; padding: 16px; }
.ld-drawer { width: 420px; flex: none; border-left: 1px solid var(--ld-keyline); box-shadow: -8px 0 24px rgba(0,0,0,.04); display: flex; flex-direction: column; min-height: 0; }
.ld-drawer-head { display: flex; align-items: center; gap: 10px; padding: 12px 20px; border-bottom: 1px solid var(--ld-keyline); }
.ld-app-icon { width: 24px; height: 24px; border-radius: 6px; background: var(--ld-container); border: 1px solid var(--ld-border); display: grid; place-items: center; font-weight: 700; font-size: 12px; color: var(--ld-brand); }
.ld-drawer-name { font-weight: 600; }
.ld-drawer-scroll { flex: 1; overflow-y: auto; }
.ld-settings { max-width: 760px; }
.ld-settings-card { border: 1px solid var(--ld-keyline); border-radius: 8px; padding: 24px; margin-top: 16px; }
.ld-notice { margin: 12px 20px; padding: 10px 12px; border-radius: 6px; background: #fff5fa; border: 1px solid #ffccdf; color: #a50036; font-size: 13px; white-space: pre-wrap; }
.ld-notice-title { font-weight: 600; }
.ld-toasts { position: fixed; left: 50%; bottom: 24px; transform: translateX(-50%); display: flex; flex-direction: column; gap: 8px; z-index: 10; }
.ld-toast { background: #1a1b25; color: #fff; padding: 10px 16px; border-radius: 8px; box-shadow: 0 8px 24px rgba(0,0,0,.2); font-weight: 500; display: flex; gap: 12px; align-items: center; }
.ld-toast[data-type="success"]::before { content: "✓"; color: #7ee084; }
.ld-toast[data-type="caution"]::before { content: "!"; color: #ffc36b; font-weight: 700; }
.ld-toast button { background: none; border: 0; color: #aab4ff; cursor: pointer; padding: 0; font-weight: 600; }
.ld-reloading { position: fixed; top: 8px; right: 8px; background: var(--ld-brand); color: #fff; padding: 4px 10px; border-radius: 12px; font-size: 12px; }

/* SDK components */
.sx-contextview { display: flex; flex-direction: column; min-height: 100%; }
.sx-contextview-header { padding: 16px 20px 0; }
.sx-contextview-title { font-size: 20px; line-height: 28px; font-weight: 700; margin: 0; }
.sx-contextview-description { color: var(--ld-text-secondary); margin-top: 2px; }
.sx-contextview-actions, .sx-contextview-banner { padding: 12px 20px 0; }
.sx-contextview-body { padding: 16px 20px 24px; flex: 1; }
.sx-contextview-footer { border-top: 1px solid var(--ld-keyline); padding: 12px 20px; display: flex; gap: 8px; align-items: center; }
.sx-external { color: var(--ld-brand); text-decoration: none; font-weight: 500; }
.sx-settingsview { display: flex; flex-direction: column; gap: 16px; }
.sx-settingsview-footer { display: flex; gap: 12px; align-items: center; }
.sx-status { color: var(--ld-text-secondary); }
.sx-box { min-width: 0; }
.sx-font-heading { font-size: 16px; line-height: 24px; font-weight: 600; }
.sx-font-title { font-size: 24px; line-height: 32px; font-weight: 700; }
.sx-font-subheading { font-size: 14px; line-height: 20px; font-weight: 600; }
.sx-font-subtitle { font-size: 16px; line-height: 24px; font-weight: 600; }
.sx-font-lead { font-size: 16px; line-height: 24px; }
.sx-font-caption { font-size: 12px; line-height: 16px; color: var(--ld-text-secondary); }
.sx-font-kicker { font-size: 11px; line-height: 16px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; }
.sx-font-bodyEmphasized { font-weight: 600; }
.sx-inline { display: inline; }
.sx-button { align-self: flex-start; display: inline-flex; align-items: center; justify-content: center; gap: 6px; min-height: 28px; padding: 4px 10px; border-radius: 6px; border: 1px solid var(--ld-border); background: #fff; box-shadow: 0 1px 1px rgba(0,0,0,.06); font-weight: 600; font-size: 14px; cursor: pointer; text-decoration: none; color: var(--ld-text); white-space: nowrap; }
.sx-button:hover { background: var(--ld-container); }
.sx-button[data-type="primary"] { background: var(--ld-brand); border-color: var(--ld-brand); color: #fff; }
.sx-button[data-type="primary"]:hover { background: var(--ld-brand-dark); }
.sx-button[data-type="destructive"] { background: #fff; border-color: #ffccdf; color: var(--ld-critical); }
.sx-button[data-size="small"] { min-height: 24px; padding: 2px 8px; font-size: 13px; }
.sx-button[data-size="large"] { min-height: 36px; padding: 8px 16px; }
.sx-button:disabled, .sx-button[aria-disabled="true"] { opacity: .55; cursor: default; pointer-events: none; }
.sx-button[data-pending="true"]::before { content: ""; width: 10px; height: 10px; border: 2px solid currentColor; border-right-color: transparent; border-radius: 50%; animation: sx-spin .7s linear infinite; }
.sx-link { color: var(--ld-brand); text-decoration: none; font-weight: 500; cursor: pointer; background: none; border: 0; padding: 0; }
.sx-link:hover { text-decoration: underline; }
.sx-link[data-type="secondary"] { color: var(--ld-text); }
.sx-badge { display: inline-flex; align-items: center; padding: 0 6px; border-radius: 4px; font-size: 12px; line-height: 18px; font-weight: 500; background: #ebeef1; color: #545969; white-space: nowrap; }
.sx-badge[data-type="positive"] { background: #d7f7c2; color: #006908; }
.sx-badge[data-type="negative"] { background: #ffe7f2; color: #b3093c; }
.sx-badge[data-type="warning"] { background: #fcedb9; color: #a82c00; }
.sx-badge[data-type="info"] { background: #cff5f6; color: #0055bc; }
.sx-badge[data-type="urgent"] { background: var(--ld-critical); color: #fff; }
.sx-banner { border-radius: 6px; padding: 12px; border: 1px solid var(--ld-border); background: var(--ld-container); display: flex; flex-direction: column; gap: 8px; }
.sx-banner[data-type="caution"] { background: #fef9da; border-color: #fcedb9; }
.sx-banner[data-type="critical"] { background: #fff5fa; border-color: #ffccdf; }
.sx-banner-title { font-weight: 600; }
.sx-banner-description { color: var(--ld-text); }
.sx-banner-row { display: flex; gap: 8px; align-items: flex-start; }
.sx-banner-row > div { flex: 1; }
.sx-banner-dismiss { border: 0; background: none; cursor: pointer; color: var(--ld-text-secondary); }
.sx-field { display: flex; flex-direction: column; gap: 4px; }
.sx-field-label { font-weight: 500; }
.sx-field-description { color: var(--ld-text-secondary); font-size: 13px; }
.sx-field-error { color: var(--ld-critical); font-size: 13px; }
.sx-input, .sx-select, .sx-textarea { border: 1px solid var(--ld-border); border-radius: 6px; padding: 5px 8px; min-height: 32px; background: #fff; box-shadow: 0 1px 1px rgba(0,0,0,.04); width: 100%; }
.sx-input:focus, .sx-select:focus, .sx-textarea:focus { outline: none; border-color: var(--ld-brand); box-shadow: 0 0 0 3px rgba(99,91,255,.25); }
.sx-input[aria-invalid="true"] { border-color: var(--ld-critical); }
.sx-check { display: flex; gap: 8px; align-items: flex-start; }
.sx-divider { border: 0; border-top: 1px solid var(--ld-keyline); margin: 0; width: 100%; }
.sx-list { display: flex; flex-direction: column; border: 1px solid var(--ld-keyline); border-radius: 8px; }
.sx-listitem { display: flex; gap: 12px; padding: 12px 16px; align-items: flex-start; }
.sx-listitem + .sx-listitem { border-top: 1px solid var(--ld-keyline); }
.sx-listitem-main { flex: 1; min-width: 0; }
.sx-listitem-title { font-weight: 600; }
.sx-listitem-secondary { color: var(--ld-text-secondary); font-size: 13px; margin-top: 2px; }
.sx-listitem-value { flex: none; max-width: 55%; display: flex; justify-content: flex-end; }
.sx-propertylist { display: grid; grid-template-columns: minmax(100px, 40%) 1fr; gap: 8px 16px; margin: 0; }
.sx-propertylist[data-orientation="horizontal"] { display: flex; gap: 24px; }
.sx-propertylist dt { color: var(--ld-text-secondary); }
.sx-propertylist dd { margin: 0; }
.sx-spinner { display: inline-block; border: 2px solid var(--ld-border); border-top-color: var(--ld-brand); border-radius: 50%; animation: sx-spin .8s linear infinite; width: 16px; height: 16px; flex: none; }
.sx-spinner[data-size="small"] { width: 12px; height: 12px; }
.sx-spinner[data-size="large"] { width: 24px; height: 24px; }
@keyframes sx-spin { to { transform: rotate(360deg); } }
.sx-icon { display: inline-grid; place-items: center; width: 16px; height: 16px; border-radius: 4px; font-size: 10px; font-weight: 700; background: var(--ld-container); color: var(--ld-text-secondary); }
.sx-tooltip { position: relative; display: inline-flex; }
.sx-tooltip-bubble { position: absolute; bottom: calc(100% + 6px); left: 0; background: #1a1b25; color: #fff; padding: 6px 8px; border-radius: 6px; font-size: 12px; white-space: nowrap; display: none; z-index: 5; }
.sx-tooltip:hover .sx-tooltip-bubble, .sx-tooltip:focus-within .sx-tooltip-bubble { display: block; }
.sx-fieldgroup { border: 0; padding: 0; margin: 0; display: flex; flex-direction: column; gap: 12px; }
.sx-fieldgroup[data-layout="horizontal"] { flex-direction: row; }
.sx-fieldgroup legend { font-weight: 600; margin-bottom: 8px; }
.sx-signin { display: flex; flex-direction: column; gap: 16px; padding: 24px 20px; align-items: flex-start; }
.sx-unsupported { border: 1px dashed var(--ld-critical); border-radius: 6px; padding: 8px; color: var(--ld-critical); background: #fff5fa; font-size: 13px; }
.sx-unsupported-name { font-family: Menlo, Consolas, monospace; font-weight: 600; }
`;
