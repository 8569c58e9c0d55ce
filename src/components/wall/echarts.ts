// ECharts from echarts/core with only what the wall draws (line and bar charts, grid, legend) and
// the SVG renderer: vector output stays sharp when the wall's design grid is scaled to a 4K screen.
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent } from 'echarts/components'
import { init, use } from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'

use([LineChart, BarChart, GridComponent, LegendComponent, SVGRenderer])

export { init as initChart }
export type { ECharts } from 'echarts/core'
