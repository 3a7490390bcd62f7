// Components read the page's translator from context, set once by the root layout.
import { getContext, setContext } from 'svelte';
import type { Translate } from './index';

const key = Symbol('translator');

export function setTranslator(t: Translate): void {
	setContext(key, t);
}

export function useT(): Translate {
	const t = getContext<Translate | undefined>(key);
	if (!t) throw new Error('useT() called outside the root layout');
	return t;
}
