// ECharts from echarts/core with only what the grid panel's trend draws (a line chart on a grid,
// with its legend) and the SVG renderer: crisp at any device pixel ratio, and nothing else bundled.
import { LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent } from 'echarts/components'
import { init, use } from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'

use([LineChart, GridComponent, LegendComponent, SVGRenderer])

export { init as initChart }
export type { ECharts } from 'echarts/core'
