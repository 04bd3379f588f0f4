import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ItemVersion } from './item-version.entity.js';
import { ItemHandlers } from './item.handlers.js';
import { ItemRepository } from './item.repository.js';
import { ItemService } from './item.service.js';
import { PublishedItemCache } from './published-item.cache.js';

@Module({
  imports: [TypeOrmModule.forFeature([ItemVersion])],
  providers: [ItemRepository, ItemService, ItemHandlers, PublishedItemCache],
})
export class ItemsModule {}
