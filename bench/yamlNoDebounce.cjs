// Preloaded (node --require) into yaml-language-server 1.25 for the "debounce removed" column: its 200 ms validation delay is a constructor field, not a setting.
const path = require('node:path');

const settingsModule = require(path.join(process.env.STREAMCONTRACT_BENCH_YAML_LS_DIR, 'out', 'server', 'src', 'yamlSettings.js'));
const StockSettingsState = settingsModule.SettingsState;

// server.js creates its state with `new yamlSettings_1.SettingsState()`, reading the export when it runs
settingsModule.SettingsState = class SettingsStateWithoutDelay extends StockSettingsState {
  constructor() {
    super();
    this.validationDelayMs = 0;
  }
};
