// USD per GPU-hour, on-demand, per GPU (instance price ÷ GPUs per instance), reference facts §5. Prices move fast and
// differ by provider 2-4×: every row has its date, and users override with a setting or --price.

export interface PriceRow {
  gpuId: string;
  usdPerGpuHour: number;
  provider: string;
  kind: 'on-demand' | 'reserved' | 'spot' | 'rental';
  source: string;
  year: number;
}

export const PRICES: readonly PriceRow[] = [
  { gpuId: 'h100-sxm', usdPerGpuHour: 3.78, provider: 'Lambda 1×H100 SXM', kind: 'on-demand', source: 'Lambda pricing page via techbytes.app (7 May 2026)', year: 2026 },
  { gpuId: 'h100-pcie', usdPerGpuHour: 2.86, provider: 'Lambda 1×H100 PCIe', kind: 'on-demand', source: 'Lambda pricing page via techbytes.app (7 May 2026)', year: 2026 },
  { gpuId: 'a100-40gb', usdPerGpuHour: 1.48, provider: 'Lambda 1×A100 40GB', kind: 'on-demand', source: 'Lambda pricing page via techbytes.app (7 May 2026)', year: 2026 },
  { gpuId: 'a100-80gb', usdPerGpuHour: 1.79, provider: 'Lambda A100 80GB', kind: 'on-demand', source: 'provider pricing pages as of 2024-06 (course notes)', year: 2024 },
  { gpuId: 'h200', usdPerGpuHour: 3.99, provider: 'Lambda H200', kind: 'on-demand', source: 'provider pricing pages as of 2024-06 (course notes)', year: 2024 },
  { gpuId: 'h800', usdPerGpuHour: 2.0, provider: 'DeepSeek-V3 accounting', kind: 'rental', source: 'DeepSeek-V3 technical report cost table', year: 2024 },
  { gpuId: 'b200', usdPerGpuHour: 5.98, provider: 'RunPod B200', kind: 'on-demand', source: 'deploybase.ai (Mar 2026)', year: 2026 },
  { gpuId: 'gb200', usdPerGpuHour: 10.5, provider: 'CoreWeave GB200 NVL72', kind: 'on-demand', source: 'CoreWeave list price via public cost notes', year: 2025 },
  { gpuId: 'l40s', usdPerGpuHour: 2.25, provider: 'CoreWeave L40S', kind: 'on-demand', source: 'CoreWeave list price via public cost notes', year: 2025 },
];

/** Used for a GPU with no price row: the H100 SXM on-demand price, the most common training GPU today. */
export const DEFAULT_PRICE_GPU_ID = 'h100-sxm';

/** Spot/preemptible discount off on-demand: Google Cloud Spot VMs, 60-91% (the low end is the safe planning figure). */
export const SPOT_DISCOUNT = { low: 0.6, high: 0.91, source: 'cloud.google.com Spot VM pricing page', year: 2026 } as const;

export function priceFor(gpuId: string): PriceRow | undefined {
  return PRICES.find((row) => row.gpuId === gpuId);
}

export function defaultPrice(): PriceRow {
  const row = priceFor(DEFAULT_PRICE_GPU_ID);
  if (!row) throw new Error('price table lacks its default row');
  return row;
}
