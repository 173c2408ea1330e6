import { render } from 'preact';
import '@/components/pages.css';
import { Popup } from './Popup';

render(<Popup />, document.getElementById('root')!);
