import { z } from 'zod';
import { keptText } from '../common/kept-text.js';
import { shownText } from '../common/text.js';
import { CategoryCode, Grade } from './catalog.schema.js';

/**
 * One category of the classification guide: fields of this category are at least of
 * `minGrade`. The guide is data the platform administrator keeps; changing a category
 * re-checks every catalog with fields in it.
 */
export const GuideCategoryBody = z
  .strictObject({
    name: keptText(2, 100),
    minGrade: Grade,
  })
  .meta({ id: 'GuideCategoryBody' });
export const GuideCategory = GuideCategoryBody.extend({ code: CategoryCode, updatedAt: z.iso.datetime() }).meta({ id: 'GuideCategory' });
export type GuideCategory = z.infer<typeof GuideCategory>;
export const GuideCategoryList = z.object({ categories: z.array(GuideCategory) }).meta({ id: 'GuideCategoryList' });
export const GuideChangeResult = z
  .object({ category: GuideCategory, catalogsChecked: z.int(), catalogsNonCompliant: z.array(shownText()) })
  .meta({ id: 'GuideChangeResult' });
