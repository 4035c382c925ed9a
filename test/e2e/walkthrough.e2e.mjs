/** UI end-to-end steps for the "Get started with streamcontract" walkthrough, run by ui.e2e.mjs in its workbench. */

const TITLE = 'Get started with streamcontract';
const STEPS = ['Open a data contract', 'See a breaking change', 'Preview the Flink job', 'Publish a version'];

/**
 * Opens the walkthrough as a user does (Welcome: Open Walkthrough...), checks its steps, and opens the breaking
 * change step, whose picture must load from the installed .vsix (so .vscodeignore must not leave it out).
 */
export async function walkthroughSteps({ page, step, shot, closeOverlays }) {
  const quickInput = page.locator('.quick-input-widget');
  const container = page.locator('.gettingStartedContainer').first();

  const palette = async (command) => {
    await closeOverlays();
    await page.keyboard.press('F1');
    await quickInput.locator('input').waitFor({ state: 'visible' });
    await page.keyboard.type(command);
    await quickInput.locator('.monaco-list-row', { hasText: command }).first().waitFor();
    await page.keyboard.press('Enter');
  };

  await step(`Welcome: Open Walkthrough lists "${TITLE}": four steps, the first one's Markdown, and its button opening Quick Open on the contracts`, async () => {
    // the whole editor area for the page, which then shows a step's media beside the steps (the workbench saves by itself)
    await palette('View: Close All Editors');
    await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached' });
    await palette('Welcome: Open Walkthrough...');
    // the command's own quick pick, listing the walkthroughs by title
    await quickInput.locator('.monaco-list-row', { hasText: TITLE }).first().waitFor();
    await page.keyboard.type(TITLE);
    await quickInput.locator('.monaco-list-row', { hasText: TITLE }).first().waitFor();
    await page.keyboard.press('Enter');
    await container.locator('.category-title', { hasText: TITLE }).first().waitFor();
    for (const title of STEPS) await container.locator('.getting-started-step .step-title', { hasText: title }).first().waitFor();
    // the first step's Markdown, drawn in a webview beside the steps
    const markdown = page.locator('.getting-started-media iframe.webview').first().contentFrame().locator('iframe#active-frame').contentFrame();
    await markdown.locator('h1', { hasText: 'A data contract is a designed public stream' }).waitFor();
    await shot('13-walkthrough');
    // its button lists the workspace's contracts in Quick Open
    await container.locator('.getting-started-step.expanded .monaco-button', { hasText: 'Open a contract' }).first().click();
    await quickInput.locator('.monaco-list-row', { hasText: 'customers.odcs.yaml' }).first().waitFor();
    const typed = await quickInput.locator('input').inputValue();
    if (typed !== '.odcs.yaml') throw new Error(`Quick Open holds ${JSON.stringify(typed)}, not ".odcs.yaml"`);
    await closeOverlays();
  });

  await step('its breaking change step shows the picture from the extension', async () => {
    await container.locator('.getting-started-step .step-title', { hasText: STEPS[1] }).first().click();
    const picture = page.locator('.getting-started-media img[alt^="A renamed property"]').first();
    await picture.waitFor();
    await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await picture.elementHandle(), { timeout: 15_000 });
    // served from the installed extension's folder (a path in the URL's query)
    const source = decodeURIComponent(await picture.evaluate((img) => img.currentSrc));
    if (!/\/extensions\/streamcontract\.streamcontract-[^/]+\/docs\/images\/breaking-change\.png(&|$)/.test(source)) throw new Error(`the picture is ${source}`);
    await container.locator('.getting-started-step.expanded', { hasText: 'Compare with the registered version' }).first().waitFor();
    console.log(`      picture: ${await picture.evaluate((img) => `${img.naturalWidth}x${img.naturalHeight}, alt "${img.alt}"`)} from ${source.replace(/^.*\/extensions\/([^&]*).*$/, 'extensions/$1')}`);
    await shot('14-walkthrough-breaking-change');
  });
}
