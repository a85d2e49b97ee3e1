import type { I18nProviderProps } from '@cloudscape-design/components/i18n';

/**
 * Cloudscape ships its components' own strings (ARIA labels, "Clear", "Retry" …) in it, tr and
 * en, not in Russian: these are the Russian strings of the components the console uses, in the
 * same namespace and keys as Cloudscape's message files (ICU message syntax).
 * web/test/i18n.test.ts fails when a component used under web/src has a key missing here.
 */
export const cloudscapeRu: I18nProviderProps.Messages = {
  'cloudscape-design-components': {
    ru: {
      alert: {
        dismissAriaLabel: 'Закрыть уведомление',
        'i18nStrings.successIconAriaLabel': 'Успешно',
        'i18nStrings.errorIconAriaLabel': 'Ошибка',
        'i18nStrings.warningIconAriaLabel': 'Предупреждение',
        'i18nStrings.infoIconAriaLabel': 'Информация',
        'i18nStrings.dismissAriaLabel': 'Закрыть уведомление',
      },
      'app-layout': {
        'ariaLabels.drawers': 'Боковые панели',
        'ariaLabels.drawersOverflow': 'Другие боковые панели',
        'ariaLabels.drawersOverflowWithBadge': 'Другие боковые панели, есть новое',
        'ariaLabels.navigation': 'Боковая навигация',
        'ariaLabels.navigationClose': 'Закрыть боковую навигацию',
        'ariaLabels.navigationToggle': 'Открыть боковую навигацию',
        'ariaLabels.notifications': 'Уведомления',
        'ariaLabels.tools': 'Панель справки',
        'ariaLabels.toolsClose': 'Закрыть панель справки',
        'ariaLabels.toolsToggle': 'Открыть панель справки',
      },
      'breadcrumb-group': { expandAriaLabel: 'Показать путь' },
      button: { 'i18nStrings.externalIconAriaLabel': 'Открывается в новой вкладке' },
      flashbar: {
        'i18nStrings.ariaLabel': 'Уведомления',
        'i18nStrings.errorIconAriaLabel': 'Ошибка',
        'i18nStrings.inProgressIconAriaLabel': 'Выполняется',
        'i18nStrings.infoIconAriaLabel': 'Информация',
        'i18nStrings.notificationBarAriaLabel': 'Все уведомления',
        'i18nStrings.notificationBarText': 'Уведомления',
        'i18nStrings.successIconAriaLabel': 'Успешно',
        'i18nStrings.warningIconAriaLabel': 'Предупреждение',
      },
      form: { errorIconAriaLabel: 'Ошибка' },
      'form-field': {
        'i18nStrings.errorIconAriaLabel': 'Ошибка',
        'i18nStrings.warningIconAriaLabel': 'Предупреждение',
      },
      input: { clearAriaLabel: 'Очистить' },
      link: { externalIconAriaLabel: 'Открывается в новой вкладке' },
      modal: { closeAriaLabel: 'Закрыть окно' },
      pagination: {
        'ariaLabels.nextPageLabel': 'Следующая страница',
        'ariaLabels.pageLabel': 'Страница {pageNumber} из всех страниц',
        'ariaLabels.previousPageLabel': 'Предыдущая страница',
        'ariaLabels.jumpToPageButtonLabel': 'Перейти к странице',
        'i18nStrings.jumpToPageInputLabel': 'Страница',
        'i18nStrings.jumpToPageError': 'Такой страницы нет. Показана последняя доступная страница.',
        'i18nStrings.jumpToPageLoadingText': 'Загрузка',
        'i18nStrings.pagesCompactText':
          '{openEnd, select, true {{currentPage} из {pagesCount}+} false {{currentPage} из {pagesCount}} other {}}',
      },
      popover: { dismissAriaLabel: 'Закрыть подсказку' },
      select: {
        errorIconAriaLabel: 'Ошибка',
        selectedAriaLabel: 'Выбрано',
        recoveryText: 'Повторить',
      },
      'top-navigation': {
        'i18nStrings.searchIconAriaLabel': 'Поиск',
        'i18nStrings.searchDismissIconAriaLabel': 'Закрыть поиск',
        'i18nStrings.overflowMenuTriggerText': 'Ещё',
        'i18nStrings.overflowMenuDismissIconAriaLabel': 'Закрыть меню',
        'i18nStrings.overflowMenuBackIconAriaLabel': 'Назад',
        'i18nStrings.overflowMenuTitleText': 'Все',
      },
    },
  },
};
