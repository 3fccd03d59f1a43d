import { guarded, router } from '../trpc/init.ts';
import { companyOutput, getCompanyInput, updateCompanyInput } from './company.schemas.ts';
import { getCompany, updateCompany } from './company.service.ts';

export const companyRouter = router({
  get: guarded('company.get', getCompanyInput)
    .output(companyOutput)
    .query(({ ctx }) => getCompany(ctx.deps, ctx.user)),
  update: guarded('company.update', updateCompanyInput)
    .output(companyOutput)
    .mutation(({ ctx, input }) => updateCompany(ctx.deps, ctx.user, input)),
});
