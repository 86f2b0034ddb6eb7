// If the WASM dies anyway, the visitor is told so in their language, with a reload button,
// and the server hears of it. The handler lives in index.html, outside the WASM.
import { expect, test, useLanguage } from './helpers';

test.use({ allowedConsoleErrors: /RuntimeError: unreachable|panicked at/ });

for (const [lang, title, reload] of [
  ['zh', '出了点问题，页面已停止响应。', '重新加载'],
  ['en', 'Something went wrong and this page stopped working.', 'Reload'],
] as const) {
  test(`${lang}: a dead app says so, offers a reload and reports the crash to the server`, async ({ page }) => {
    await useLanguage(page, lang);
    await page.goto('/stay');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const report = page.waitForRequest((r) => r.url().endsWith('/api/v1/client-errors') && r.method() === 'POST');
    // What a Rust panic in the release build does: the hook prints, then the WASM traps.
    await page.evaluate(() => {
      console.error('panicked at src/pages/example.rs:1:1:\nTried to access a reactive value that has already been disposed.');
      setTimeout(() => { throw new WebAssembly.RuntimeError('unreachable'); });
    });
    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toContainText(title);
    const sent = await report;
    const body = sent.postDataJSON();
    expect(body.url).toBe('/stay');
    expect(body.message).toContain('already been disposed');
    expect(body.build).toMatch(/^pkg-[0-9a-f]+$/);
    expect((await sent.response())!.status()).toBe(204);
    await dialog.getByRole('button', { name: reload }).tap();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  });
}
