// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h, reactive, vModelText, withDirectives } from 'vue'
import { clipText, textLength } from '~/domain/caseLoop'
import { useTextLimits } from './useTextLimits'

describe('clipText', () => {
  it('counts and cuts code points, never half an emoji', () => {
    expect(textLength('网格😀')).toBe(3)
    expect(clipText('abcdef', 4)).toBe('abcd')
    expect(clipText('😀😀😀', 2)).toBe('😀😀')
    expect(clipText('短', 80)).toBe('短')
  })
})

describe('useTextLimits', () => {
  it('keeps a typed or pasted title at the limit, in the model and in the input', async () => {
    const form = reactive({ title: '', other: '' })
    const wrapper = mount(defineComponent({
      setup() {
        useTextLimits(form, { title: 5 })
        return () => withDirectives(h('input', { 'onUpdate:modelValue': (v: string) => (form.title = v) }), [[vModelText, form.title]])
      },
    }))
    const input = wrapper.find('input')
    await input.setValue('平安网格青山镇东岭村')
    expect(form.title).toBe('平安网格青')
    expect((input.element as HTMLInputElement).value).toBe('平安网格青')
    await input.setValue('平安网格青多')
    expect(form.title).toBe('平安网格青')
    expect((input.element as HTMLInputElement).value).toBe('平安网格青')
  })
})
