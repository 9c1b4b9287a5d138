/** Entry of the browser workbench (index.html). */
import { mount } from 'svelte';
import App from './ui/App.svelte';
import './ui/styles.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target });
