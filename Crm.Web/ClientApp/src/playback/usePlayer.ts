// The replay clock: a position in the conversation (ms from its start) that runs at 1x, 2x or 10x, and can be scrubbed.
import { onBeforeUnmount, ref, type Ref } from 'vue'

export const speeds = [1, 2, 10] as const
export type Speed = (typeof speeds)[number]

export function usePlayer(length: Ref<number>) {
  const position = ref(0)
  const playing = ref(false)
  const speed = ref<Speed>(1)
  let timer: ReturnType<typeof setInterval> | undefined
  let last = 0

  function tick(): void {
    const now = performance.now()
    position.value = Math.min(length.value, position.value + (now - last) * speed.value)
    last = now
    if (position.value >= length.value) pause()
  }

  function play(): void {
    if (position.value >= length.value) position.value = 0
    playing.value = true
    last = performance.now()
    clearInterval(timer)
    timer = setInterval(tick, 50)
  }

  function pause(): void {
    playing.value = false
    clearInterval(timer)
    timer = undefined
  }

  /** Jumps to a moment (the scrubber, "next step"); playing goes on from there. */
  function seek(ms: number): void {
    position.value = Math.max(0, Math.min(length.value, ms))
    last = performance.now()
  }

  onBeforeUnmount(pause)
  return { position, playing, speed, play, pause, seek }
}
