import { render } from 'preact';
import { App } from './App';
import { applySavedTheme } from './theme';
import './styles.css';

applySavedTheme();
render(<App />, document.getElementById('app')!);
