// How insight's charts tell their series apart, the same in the chart and its legend: Okabe and
// Ito's colour-blind-safe palette (darkest first), and for each series a dash pattern and a marker
// shape of its own, so that the lines read apart in grey on paper too.
export const chartColours = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];
export const chartDashes = ['', '6 3', '2 3', '8 3 2 3', '', '4 2'];
export const chartMarkers = ['circle', 'square', 'triangle', 'diamond', 'circle', 'square'];
