// The client capabilities and settings the benchmark declares, as VS Code 1.9x with vscode-languageclient 9 declares them.
import { pathToFileURL } from 'node:url';

const dynamic = { dynamicRegistration: true };
const SYMBOL_KINDS = Array.from({ length: 26 }, (_, i) => i + 1);
const COMPLETION_KINDS = Array.from({ length: 25 }, (_, i) => i + 1);

export const CLIENT_CAPABILITIES = {
  workspace: {
    applyEdit: true,
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'], failureHandling: 'textOnlyTransactional', normalizesLineEndings: true, changeAnnotationSupport: { groupsOnLabel: true } },
    configuration: true,
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
    symbol: { dynamicRegistration: true, symbolKind: { valueSet: SYMBOL_KINDS }, tagSupport: { valueSet: [1] }, resolveSupport: { properties: ['location.range'] } },
    codeLens: { refreshSupport: true },
    executeCommand: dynamic,
    didChangeConfiguration: dynamic,
    workspaceFolders: true,
    foldingRange: { refreshSupport: true },
    semanticTokens: { refreshSupport: true },
    fileOperations: { dynamicRegistration: true, didCreate: true, didRename: true, didDelete: true, willCreate: true, willRename: true, willDelete: true },
    inlineValue: { refreshSupport: true },
    inlayHint: { refreshSupport: true },
    diagnostics: { refreshSupport: true },
  },
  textDocument: {
    publishDiagnostics: { relatedInformation: true, versionSupport: false, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true, dataSupport: true },
    synchronization: { dynamicRegistration: true, willSave: true, willSaveWaitUntil: true, didSave: true },
    completion: {
      dynamicRegistration: true,
      contextSupport: true,
      completionItem: {
        snippetSupport: true,
        commitCharactersSupport: true,
        documentationFormat: ['markdown', 'plaintext'],
        deprecatedSupport: true,
        preselectSupport: true,
        tagSupport: { valueSet: [1] },
        insertReplaceSupport: true,
        resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] },
        insertTextModeSupport: { valueSet: [1, 2] },
        labelDetailsSupport: true,
      },
      insertTextMode: 2,
      completionItemKind: { valueSet: COMPLETION_KINDS },
      completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
    },
    hover: { dynamicRegistration: true, contentFormat: ['markdown', 'plaintext'] },
    signatureHelp: { dynamicRegistration: true, signatureInformation: { documentationFormat: ['markdown', 'plaintext'], parameterInformation: { labelOffsetSupport: true }, activeParameterSupport: true }, contextSupport: true },
    definition: { dynamicRegistration: true, linkSupport: true },
    references: dynamic,
    documentHighlight: dynamic,
    documentSymbol: { dynamicRegistration: true, symbolKind: { valueSet: SYMBOL_KINDS }, hierarchicalDocumentSymbolSupport: true, tagSupport: { valueSet: [1] }, labelSupport: true },
    codeAction: {
      dynamicRegistration: true,
      isPreferredSupport: true,
      disabledSupport: true,
      dataSupport: true,
      resolveSupport: { properties: ['edit'] },
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'refactor.extract', 'refactor.inline', 'refactor.rewrite', 'source', 'source.organizeImports'] } },
      honorsChangeAnnotations: false,
    },
    codeLens: dynamic,
    formatting: dynamic,
    rangeFormatting: { dynamicRegistration: true, rangesSupport: true },
    onTypeFormatting: dynamic,
    rename: { dynamicRegistration: true, prepareSupport: true, prepareSupportDefaultBehavior: 1, honorsChangeAnnotations: true },
    documentLink: { dynamicRegistration: true, tooltipSupport: true },
    typeDefinition: { dynamicRegistration: true, linkSupport: true },
    implementation: { dynamicRegistration: true, linkSupport: true },
    colorProvider: dynamic,
    foldingRange: { dynamicRegistration: true, rangeLimit: 5000, lineFoldingOnly: true, foldingRangeKind: { valueSet: ['comment', 'imports', 'region'] }, foldingRange: { collapsedText: false } },
    declaration: { dynamicRegistration: true, linkSupport: true },
    selectionRange: dynamic,
    callHierarchy: dynamic,
    semanticTokens: { dynamicRegistration: true, tokenTypes: [], tokenModifiers: [], formats: ['relative'], requests: { range: true, full: { delta: true } }, multilineTokenSupport: false, overlappingTokenSupport: false, serverCancelSupport: true, augmentsSyntaxTokens: true },
    linkedEditingRange: dynamic,
    typeHierarchy: dynamic,
    inlineValue: dynamic,
    inlayHint: { dynamicRegistration: true, resolveSupport: { properties: ['tooltip', 'textEdits', 'label.tooltip', 'label.location', 'label.command'] } },
    diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
  },
  window: { showMessage: { messageActionItem: { additionalPropertiesSupport: true } }, showDocument: { support: true }, workDoneProgress: true },
  general: {
    staleRequestSupport: { cancel: true, retryOnContentModified: ['textDocument/semanticTokens/full', 'textDocument/semanticTokens/range', 'textDocument/semanticTokens/full/delta'] },
    regularExpressions: { engine: 'ECMAScript', version: 'ES2020' },
    markdown: { parser: 'marked', version: '1.1.0' },
    positionEncodings: ['utf-16'],
  },
};

/** The `streamcontract.*` settings at their package.json defaults, as VS Code answers `workspace/configuration`. */
export const STREAMCONTRACT_SETTINGS = {
  compatibility: 'FORWARD',
  breakingChanges: { severity: 'warning' },
  registry: { kind: 'folder', path: 'contract-registry', url: '' },
  trace: { server: 'off' },
  maxFileSizeKB: 4096,
};

/**
 * The settings sections yaml-language-server asks for: the project's meta-schema mapped to the contract files; the
 * schema store and the Kubernetes CRD store are off because the benchmark runs offline (they would be fetched).
 */
export function yamlSettings(schemaFile) {
  return {
    yaml: {
      schemas: { [pathToFileURL(schemaFile).toString()]: '*.odcs.yaml' },
      validate: true,
      hover: true,
      completion: true,
      format: { enable: true },
      schemaStore: { enable: false, url: '' },
      kubernetesCRDStore: { enable: false, url: '' },
      maxItemsComputed: 5000,
      yamlVersion: '1.2',
    },
    http: { proxy: '', proxyStrictSSL: true },
    '[yaml]': { 'editor.insertSpaces': true, 'editor.tabSize': 2, 'editor.autoIndent': 'keep' },
    editor: { tabSize: 4, insertSpaces: true, detectIndentation: true },
  };
}
