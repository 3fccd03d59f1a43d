import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../trpc/trpc.ts';

/** Every function the worker runs, as the consumer groups name them: the choices of a function filter. */
export function useFunctionIds(): string[] {
  const trpc = useTRPC();
  const streams = useQuery(trpc.ops.streams.queryOptions());
  const ids = new Set(
    streams.data?.streams.flatMap((stream) => stream.groups.map((group) => group.function)),
  );
  return [...ids].sort();
}
