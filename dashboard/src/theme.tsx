import { useState } from 'preact/hooks';

type Theme = 'light' | 'dark' | 'system';

const storageKey = 'gateway-dashboard-theme';

/** Applies the saved theme (only the theme is kept in local storage, never anything secret). */
export function applySavedTheme(): void {
  const saved = localStorage.getItem(storageKey) as Theme | null;
  if (saved === 'light' || saved === 'dark') document.documentElement.dataset.theme = saved;
}

export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>((localStorage.getItem(storageKey) as Theme | null) ?? 'system');
  const choose = (next: Theme) => {
    setTheme(next);
    if (next === 'system') {
      localStorage.removeItem(storageKey);
      delete document.documentElement.dataset.theme;
    } else {
      localStorage.setItem(storageKey, next);
      document.documentElement.dataset.theme = next;
    }
  };
  return (
    <div class="theme-toggle">
      <label for="theme-toggle">Theme</label>
      <select id="theme-toggle" value={theme} onChange={(e) => choose(e.currentTarget.value as Theme)}>
        <option value="system">system</option>
        <option value="light">light</option>
        <option value="dark">dark</option>
      </select>
    </div>
  );
}
