// Layout at 320 px, measured: text areas fill their form group and show NHS.UK's error border;
// in Arabic, a radio's label text sits as far from its control as in English, and its hint
// lines up with the label text. (Bounding boxes, not screenshots, so the test says what is wrong.)
// Samir only opens questions and sends one empty: nothing of his changes.
import type { Page } from '@playwright/test';
import ar from '../src/lib/i18n/locales/ar.json' with { type: 'json' };
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import { expect, expectAccessible, signIn, test, useLanguage } from './fixtures';

test.use({ viewport: { width: 320, height: 800 } });

/** The first radio's visible control, its label text and its hint text, as boxes on screen. */
function firstRadio(page: Page) {
	return page
		.locator('.nhsuk-radios__item')
		.first()
		.evaluate((item) => {
			const label = item.querySelector('.nhsuk-radios__label')!;
			const hint = item.querySelector('.nhsuk-radios__hint')!;
			const textBox = (element: Element) => {
				const range = document.createRange();
				range.selectNodeContents(element);
				const rects = [...range.getClientRects()].filter((rect) => rect.width > 0);
				return {
					left: Math.min(...rects.map((rect) => rect.left)),
					right: Math.max(...rects.map((rect) => rect.right))
				};
			};
			// The ring NHS.UK draws is the label's ::before, placed inside the item.
			const ring = getComputedStyle(label, '::before');
			const itemBox = item.getBoundingClientRect();
			const ringLeft = itemBox.left + parseFloat(ring.left);
			return {
				control: { left: ringLeft, right: ringLeft + parseFloat(ring.width) },
				label: textBox(label),
				hint: textBox(hint),
				labelBox: label.getBoundingClientRect().toJSON() as DOMRect,
				item: itemBox.toJSON() as DOMRect
			};
		});
}

test('a radio keeps the same gap to its label, and its hint lines up, in Arabic as in English', async ({
	page
}) => {
	await signIn(page, '07700900123');
	await page.goto('/appointments/book');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.serviceTitle);
	await expectAccessible(page);
	const english = await firstRadio(page);
	const englishGap = english.label.left - english.control.right;
	expect(englishGap).toBeGreaterThan(0);
	expect(english.hint.left).toBeCloseTo(english.label.left, 0);

	await useLanguage(page, 'ar');
	await page.reload();
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(ar.booking.serviceTitle);
	await expectAccessible(page);
	const arabic = await firstRadio(page);
	// Mirrored: the control on the right, the text starting at its left.
	expect(arabic.control.right).toBeGreaterThan(arabic.label.right);
	expect(arabic.control.left - arabic.label.right).toBeCloseTo(englishGap, 0);
	expect(arabic.hint.right).toBeCloseTo(arabic.label.right, 0);
	// The label starts as far into its line as in English, so it has the same room to wrap in.
	expect(arabic.item.right - arabic.labelBox.right).toBeCloseTo(
		english.labelBox.left - english.item.left,
		0
	);
});

for (const language of ['en', 'ar'] as const) {
	test(`a text area fills its form group, with NHS.UK's error border in error (${language})`, async ({
		page
	}) => {
		const t = language === 'ar' ? ar : en;
		await useLanguage(page, language);
		await signIn(page, '07700900123');
		await page.goto('/contact');
		await expectAccessible(page);
		await page.getByLabel(t.contact.topics.medicines).check();
		await page.locator('main button[type=submit]').click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.contact.detailsLabel);
		await expectAccessible(page);
		const details = page.getByLabel(t.contact.detailsLabel);
		const group = page.locator('.nhsuk-form-group').filter({ has: details });

		const contentWidth = () =>
			group.evaluate((element) => {
				const style = getComputedStyle(element);
				return element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
			});
		const width = async () => (await details.boundingBox())!.width;
		expect(await width()).toBeCloseTo(await contentWidth(), 0);
		const greyBorder = await details.evaluate(
			(element) => getComputedStyle(element).borderTopColor
		);

		await page.locator('main button[type=submit]').click();
		await expect(page.locator('.nhsuk-error-summary')).toContainText(
			t.contact.errors.detailsMissing
		);
		await expectAccessible(page);
		await expect(group).toHaveClass(/nhsuk-form-group--error/);
		await expect(details).toHaveClass(/nhsuk-textarea--error/);
		expect(await width()).toBeCloseTo(await contentWidth(), 0);
		// The text area's border is the error colour the group's own error border is drawn in.
		const colours = await details.evaluate((element) => {
			const groupStyle = getComputedStyle(element.closest('.nhsuk-form-group')!);
			const style = getComputedStyle(element);
			return {
				textarea: [style.borderTopColor, style.borderInlineStartColor],
				textareaWidth: parseFloat(style.borderTopWidth),
				group: groupStyle.borderInlineStartColor
			};
		});
		expect(colours.textarea).toEqual([colours.group, colours.group]);
		expect(colours.textarea[0]).not.toBe(greyBorder);
		expect(colours.textareaWidth).toBeGreaterThanOrEqual(2);
	});
}

test('in Arabic, addresses and phone numbers are kept in one piece, left to right', async ({
	page
}) => {
	await useLanguage(page, 'ar');
	// Where to get help: each place's address, its comma and its postcode in one isolate.
	await page.goto('/help');
	await expectAccessible(page);
	const address = page.locator('main p span[dir=ltr]').first();
	await expect(address).toHaveText(/^[^,]+(, [^,]+)*, [A-Z]{1,2}\d{1,2} \d[A-Z]{2}$/);

	// A place to book: its name in Arabic, its address isolated inside the radio's label.
	await signIn(page, '07700900123');
	await page.goto('/appointments/book');
	await expectAccessible(page);
	await page.getByLabel(ar.catalogue['GP appointment']).first().check();
	await page.locator('main button[type=submit]').click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(ar.booking.howTitle);
	await expectAccessible(page);
	await page.locator('input[name=mode][value=in_person]').check();
	await page.locator('main button[type=submit]').click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(ar.booking.whereTitle);
	await expectAccessible(page);
	const place = page.locator('.nhsuk-radios__label').first().locator('bdi[dir=ltr]');
	await expect(place).toHaveText(/^.+ [A-Z]{1,2}\d{1,2} \d[A-Z]{2}$/);
	await expect(place).toHaveAttribute('lang', 'en');

	// The service's phone number in a sentence about phoning, on an appointment too late to cancel.
	await page.goto('/appointments');
	await expectAccessible(page);
	await page
		.locator('ul.joined-up-appointments li', {
			hasText: ar.catalogue['Adult social care assessment']
		})
		.getByRole('link')
		.click();
	await expectAccessible(page);
	const [before] = ar.appointments.tooLate.split('{{phone}}');
	const sentence = page.locator('main p', { hasText: before! });
	// A link that dials it, left to right, its spaces non-breaking so that it stays on one line.
	const phone = sentence.locator('a[dir=ltr]');
	await expect(phone).toHaveText('020\u00a07946\u00a00505');
	await expect(phone).toHaveAttribute('href', 'tel:02079460505');
});
